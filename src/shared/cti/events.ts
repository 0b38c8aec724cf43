import { z } from 'zod';

/**
 * The normalised CTI event: what any switch (FreeSWITCH, Asterisk, a cloud contact centre,
 * the Zammad-style generic CTI, the simulator) is turned into before rexian applies it.
 * One schema for the webhook's validation, its OpenAPI page, the adapters and the simulator.
 */

export const agentStates = ['offline', 'available', 'on_call', 'wrap_up', 'break', 'busy', 'training'] as const;
export type AgentState = (typeof agentStates)[number];

export const ctiEventTypes = [
  'call.ringing',
  'call.answered',
  'call.hold',
  'call.resume',
  'call.transferred',
  'call.ended',
  'call.recording',
  'transcript.segment',
  'agent.state',
] as const;
export type CtiEventType = (typeof ctiEventTypes)[number];

// A switch's clock is wrong, not the calendar: years outside 2000–2099 are refused rather than stored.
const iso = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with an offset, e.g. 2026-11-23T09:15:00+08:00' })
  .refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 2000 && year <= 2099;
  }, 'must be a time between the years 2000 and 2099');
const phone = z.string().trim().min(1).max(40);
const agentNo = z.string().trim().min(1).max(32).describe('the agent number (工号)');

const base = {
  eventId: z.string().trim().min(1).max(200).describe('unique per connection; the same eventId again is acknowledged and changes nothing'),
  at: iso.describe('when it happened at the switch'),
};
const callBase = {
  ...base,
  callId: z.string().trim().min(1).max(200).describe("the switch's id of the call"),
  seq: z.number().int().min(0).max(1_000_000_000).describe('per call, increasing; events are applied in seq order (then at), whatever order they arrive in'),
};

export const callRingingEvent = z.object({
  ...callBase,
  type: z.literal('call.ringing'),
  direction: z.enum(['in', 'out']).default('in'),
  from: phone,
  to: phone,
  queue: z.string().trim().min(1).max(100).optional(),
  agentId: agentNo.optional().describe('the agent the call rings at, when known'),
});
export const callAnsweredEvent = z.object({ ...callBase, type: z.literal('call.answered'), agentId: agentNo, queue: z.string().trim().min(1).max(100).optional() });
export const callHoldEvent = z.object({ ...callBase, type: z.literal('call.hold') });
export const callResumeEvent = z.object({ ...callBase, type: z.literal('call.resume') });
export const callTransferredEvent = z.object({
  ...callBase,
  type: z.literal('call.transferred'),
  target: z.string().trim().min(1).max(100).describe('where the call went: a queue (投诉专席), an agent number or a department'),
  agentId: agentNo.optional().describe('the agent who takes it over, when known'),
});
export const callEndedEvent = z.object({
  ...callBase,
  type: z.literal('call.ended'),
  endedBy: z.enum(['customer', 'agent', 'system']),
  cause: z.string().trim().min(1).max(60).optional().describe('e.g. normalClearing, busy, cancel, noAnswer'),
});
export const callRecordingEvent = z.object({ ...callBase, type: z.literal('call.recording'), recordingUrl: z.url({ message: 'must be a URL' }) });
/** The largest offset of a segment in a call (2^31 - 1 ms, about 24.8 days). */
export const MAX_OFFSET_MS = 2_147_483_647;

export const transcriptSegmentEvent = z.object({
  ...callBase,
  type: z.literal('transcript.segment'),
  segment: z
    .object({
      speaker: z.enum(['agent', 'customer']),
      // QA keeps a finding's offset as an int4 of milliseconds (qa_findings.at_ms)
      start: z.number().int().min(0).max(MAX_OFFSET_MS, 'at most 2147483647 ms after the answer').describe('ms since the answer'),
      end: z.number().int().min(0).max(MAX_OFFSET_MS, 'at most 2147483647 ms after the answer').describe('ms since the answer'),
      text: z.string().max(5000),
    })
    .refine((s) => s.end >= s.start, { message: 'end must not be before start', path: ['end'] }),
});
export const agentStateEvent = z.object({
  ...base,
  type: z.literal('agent.state'),
  agentId: agentNo,
  state: z.enum(agentStates),
  reason: z.string().trim().min(1).max(60).optional().describe('for break (小休): meal, rest, meeting, …'),
  callId: z.string().trim().min(1).max(200).optional(),
  seq: z.number().int().min(0).optional(),
});

/** The kinds of a call's own events (every kind but agent.state). */
const callEventKinds = [callRingingEvent, callAnsweredEvent, callHoldEvent, callResumeEvent, callTransferredEvent, callEndedEvent, callRecordingEvent, transcriptSegmentEvent] as const;
export const ctiEventSchema = z.discriminatedUnion('type', [...callEventKinds, agentStateEvent]);
/** The events of a call (every kind but agent.state): what a call's stored events are parsed with when read. */
export const callEventSchema = z.discriminatedUnion('type', callEventKinds);
export type CtiEvent = z.infer<typeof ctiEventSchema>;
export type CtiEventInput = z.input<typeof ctiEventSchema>;
export type CallEvent = Exclude<CtiEvent, { type: 'agent.state' }>;

export function isCallEvent(e: CtiEvent): e is CallEvent {
  return e.type !== 'agent.state';
}

/** A human-readable field path for one zod issue: `segment.end`, `at`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || '(event)';
}

export type ParsedEvent = { ok: true; event: CtiEvent } | { ok: false; field: string; message: string };

/** Validates one event and names the first field that is wrong. */
export function parseCtiEvent(raw: unknown): ParsedEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, field: '(event)', message: 'an event must be a JSON object' };
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(ctiEventTypes as readonly string[]).includes(type))
    return { ok: false, field: 'type', message: `type must be one of ${ctiEventTypes.join(', ')}` };
  const r = ctiEventSchema.safeParse(raw);
  if (r.success) return { ok: true, event: r.data };
  const first = r.error.issues[0]!;
  const field = issuePath(first.path);
  const message = first.code === 'invalid_type' && first.input === undefined ? `${field} is required` : `${field}: ${first.message}`;
  return { ok: false, field, message };
}
