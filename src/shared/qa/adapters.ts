/**
 * Import adapters: speech-analytics exports → the rexian transcript format.
 * Neither export carries the agent's 工号, the organisation or the events, so the
 * result has `agent.id` "" (the 工号 part of the greeting check is then skipped)
 * unless the export names it, and no events.
 */
import { z } from 'zod';
import { formatIssue, parseTranscript, type ParseResult, type TranscriptInput } from './transcript.js';

const EPOCH = '1970-01-01T00:00:00Z';

function fail(issues: z.core.$ZodIssue[]): ParseResult {
  const first = issues[0];
  return { ok: false, error: first ? formatIssue(first) : 'invalid input' };
}

/**
 * Alibaba Cloud SCA-style sentence list:
 * `{ "sentences": [{ "role": "agent"|"customer" | "channelId": 0|1, "begin", "end", "text" }] }`
 * (times in ms; channel 0 is the agent unless `agentChannel` says otherwise).
 * Optional top-level `id`, `agentId`, `org`, `caller`, `startedAt`.
 */
export const alibabaSchema = z.object({
  id: z.string().optional(),
  agentId: z.union([z.string(), z.number()]).optional(),
  agentChannel: z.number().int().optional(),
  org: z.string().optional(),
  caller: z.string().optional(),
  startedAt: z.string().optional(),
  sentences: z.array(
    z.object({
      role: z.string().optional(),
      channelId: z.number().int().optional(),
      begin: z.number({ error: 'expected a number' }).min(0),
      end: z.number({ error: 'expected a number' }).min(0),
      text: z.string({ error: 'expected a string' }),
    }),
    { error: 'expected an array' },
  ),
});

const AGENT_ROLES = new Set(['agent', 'staff', 'seat', 'service', '坐席', '客服']);

export function fromAlibaba(value: unknown, fallbackId = 'call'): ParseResult {
  const r = alibabaSchema.safeParse(value);
  if (!r.success) return fail(r.error.issues);
  const d = r.data;
  const agentChannel = d.agentChannel ?? 0;
  const segments = d.sentences
    .map((s) => ({
      speaker: (s.role !== undefined ? AGENT_ROLES.has(s.role.toLowerCase()) : s.channelId === agentChannel) ? ('agent' as const) : ('customer' as const),
      start: s.begin,
      end: s.end,
      text: s.text,
    }))
    .sort((a, b) => a.start - b.start);
  const t: TranscriptInput = {
    id: d.id ?? fallbackId,
    agent: { id: d.agentId !== undefined ? String(d.agentId) : '' },
    startedAt: d.startedAt ?? EPOCH,
    segments,
    ...(d.org !== undefined && { org: d.org }),
    ...(d.caller !== undefined && { caller: d.caller }),
  };
  return parseTranscript(t);
}

/**
 * Amazon Transcribe Call Analytics output:
 * `{ "JobName"?, "Transcript": [{ "ParticipantRole": "AGENT"|"CUSTOMER", "BeginOffsetMillis", "EndOffsetMillis", "Content" }] }`.
 */
export const amazonSchema = z.object({
  JobName: z.string().optional(),
  Transcript: z.array(
    z.object({
      ParticipantRole: z.enum(['AGENT', 'CUSTOMER'], { error: 'expected "AGENT" or "CUSTOMER"' }),
      BeginOffsetMillis: z.number({ error: 'expected a number' }).min(0),
      EndOffsetMillis: z.number({ error: 'expected a number' }).min(0),
      Content: z.string({ error: 'expected a string' }),
    }),
    { error: 'expected an array' },
  ),
});

export function fromAmazon(value: unknown, fallbackId = 'call'): ParseResult {
  const r = amazonSchema.safeParse(value);
  if (!r.success) return fail(r.error.issues);
  const segments = r.data.Transcript.map((s) => ({
    speaker: s.ParticipantRole === 'AGENT' ? ('agent' as const) : ('customer' as const),
    start: s.BeginOffsetMillis,
    end: s.EndOffsetMillis,
    text: s.Content,
  })).sort((a, b) => a.start - b.start);
  return parseTranscript({ id: r.data.JobName ?? fallbackId, agent: { id: '' }, startedAt: EPOCH, segments });
}
