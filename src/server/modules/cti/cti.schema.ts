import { z } from 'zod';

/** Settings of a Zammad-compatible connection, in Zammad's own terms (cti_config inbound/outbound). */
export const zammadSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  blockedCallers: z.array(z.object({ callerId: z.string().trim().min(1).max(40), note: z.string().max(200).optional() })).max(5000).default([]),
  outbound: z
    .object({
      routingTable: z
        .array(z.object({ dest: z.string().trim().min(1).max(40).describe('number or prefix with * wildcards, e.g. 0755*'), callerId: z.string().trim().min(1).max(40), note: z.string().max(200).optional() }))
        .max(1000)
        .default([]),
      defaultCallerId: z.string().trim().min(1).max(40).optional(),
    })
    .default({ routingTable: [] }),
});
export type ZammadSettings = z.infer<typeof zammadSettingsSchema>;

export const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['events', 'zammad', 'manual']).describe("manual: the workbench's built-in connection for calls registered by hand (not listed, not revocable)"),
  tokenHint: z.string(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const createdConnectionSchema = connectionSchema.extend({ token: z.string().describe('shown once: store it in the switch configuration now') });
export const createConnectionBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['events', 'zammad']).default('events').describe('events: the normalised webhook; zammad: the Zammad-compatible generic CTI endpoint'),
  settings: z.unknown().optional(),
});
export const connectionParam = z.object({ id: z.uuid({ message: 'must be a connection id (uuid)' }) });
export const settingsBody = z.object({ settings: z.unknown() });

const example = [
  { eventId: 'pbx1-000123', callId: 'c-9f2e', seq: 0, type: 'call.ringing', at: '2026-11-23T09:15:00+08:00', direction: 'in', from: '13812345678', to: '12345', queue: 'general' },
  { eventId: 'pbx1-000124', callId: 'c-9f2e', seq: 1, type: 'call.answered', at: '2026-11-23T09:15:09+08:00', agentId: '1024' },
  { eventId: 'pbx1-000125', callId: 'c-9f2e', seq: 2, type: 'transcript.segment', at: '2026-11-23T09:15:12+08:00', segment: { speaker: 'agent', start: 200, end: 3900, text: '您好，12345热线，1024号为您服务。' } },
  { eventId: 'pbx1-000140', callId: 'c-9f2e', seq: 9, type: 'call.ended', at: '2026-11-23T09:19:30+08:00', endedBy: 'customer', cause: 'normalClearing' },
  { eventId: 'pbx1-000141', type: 'agent.state', at: '2026-11-23T09:21:00+08:00', agentId: '1024', state: 'available' },
];

/** Body of POST /api/cti/events. Validated per event in the service so a batch can report each one. */
export const eventsBody = z
  .union([z.array(z.unknown()).min(1, 'send at least one event').max(500, 'at most 500 events per request'), z.record(z.string(), z.unknown())])
  .describe(
    'One event or an array of up to 500. Every event: eventId (unique per connection), type, at (ISO 8601 with offset); call events also callId and seq (per call, increasing). ' +
      'Per type: call.ringing {direction in|out, from, to, queue?, agentId?}; call.answered {agentId, queue?}; call.hold; call.resume; call.transferred {target, agentId?}; ' +
      'call.ended {endedBy customer|agent|system, cause?}; call.recording {recordingUrl}; transcript.segment {segment: {speaker agent|customer, start, end (ms since the answer), text}}; ' +
      'agent.state {agentId, state offline|available|on_call|wrap_up|break|busy|training, reason?}. Authenticate with "Authorization: Bearer <connection token>".',
  )
  .meta({ examples: [example] });

export const eventResultSchema = z.object({
  index: z.number(),
  eventId: z.string().nullable(),
  status: z.enum(['accepted', 'duplicate', 'invalid', 'refused']),
  error: z.object({ code: z.string(), field: z.string(), message: z.string() }).optional(),
});
export const ingestResultSchema = z.object({ accepted: z.number(), duplicates: z.number(), rejected: z.number(), refused: z.number(), results: z.array(eventResultSchema) });

/** CTI connections (tokens are never shown again). */
export const connectionListSchema = connectionSchema.array();
