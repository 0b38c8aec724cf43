import { z } from 'zod';
import type { CallEvent } from './events.js';

/**
 * The state of one call, folded from its events in (seq, at, eventId) order. The fold is pure:
 * the same events give the same state whatever order they arrived in, which is what makes
 * duplicates and shuffles harmless.
 */
export interface CallState {
  callId: string;
  direction: 'in' | 'out';
  from: string | null;
  to: string | null;
  queue: string | null;
  /** The agent the call rang at before anyone answered (screen pop target). */
  ringAgentNo: string | null;
  /** The agent who answered (工号). */
  agentNo: string | null;
  /** The agent who has the call now (after transfers). */
  currentAgentNo: string | null;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: 'customer' | 'agent' | 'system' | null;
  cause: string | null;
  holds: Array<{ start: string; end: string | null }>;
  transfers: Array<{ at: string; target: string; agentNo: string | null }>;
  recordingUrl: string | null;
  segments: number;
  /** Sort key of the last event folded in; an event with a smaller key means a refold. */
  last: SortKey | null;
  events: number;
}

export type SortKey = [seq: number, atMs: number, eventId: string];

/**
 * The state as stored (calls.state, JSONB): parsed with this when read, so a damaged one is named instead of
 * breaking the fold later. Only shapes are checked, no formats: it is cheap enough for every call of a batch.
 */
export const callStateSchema: z.ZodType<CallState> = z.object({
  callId: z.string(),
  direction: z.enum(['in', 'out']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  queue: z.string().nullable(),
  ringAgentNo: z.string().nullable(),
  agentNo: z.string().nullable(),
  currentAgentNo: z.string().nullable(),
  ringingAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedBy: z.enum(['customer', 'agent', 'system']).nullable(),
  cause: z.string().nullable(),
  holds: z.array(z.object({ start: z.string(), end: z.string().nullable() })),
  transfers: z.array(z.object({ at: z.string(), target: z.string(), agentNo: z.string().nullable() })),
  recordingUrl: z.string().nullable(),
  segments: z.number().int().min(0),
  last: z.tuple([z.number(), z.number(), z.string()]).nullable(),
  events: z.number().int().min(0),
});

export function sortKey(e: Pick<CallEvent, 'seq' | 'at' | 'eventId'>): SortKey {
  return [e.seq, Date.parse(e.at), e.eventId];
}

export function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

export function emptyCallState(callId: string): CallState {
  return {
    callId,
    direction: 'in',
    from: null,
    to: null,
    queue: null,
    ringAgentNo: null,
    agentNo: null,
    currentAgentNo: null,
    ringingAt: null,
    answeredAt: null,
    endedAt: null,
    endedBy: null,
    cause: null,
    holds: [],
    transfers: [],
    recordingUrl: null,
    segments: 0,
    last: null,
    events: 0,
  };
}

const earlier = (a: string | null, b: string): string => (a === null || Date.parse(b) < Date.parse(a) ? b : a);

/** Applies one event that sorts after every event already folded into `s`. Returns a new state. */
export function applyCallEvent(prev: CallState, e: CallEvent): CallState {
  const s: CallState = { ...prev, holds: prev.holds.map((h) => ({ ...h })), transfers: [...prev.transfers], last: sortKey(e), events: prev.events + 1 };
  switch (e.type) {
    case 'call.ringing':
      s.direction = e.direction;
      s.from = e.from;
      s.to = e.to;
      s.queue = e.queue ?? s.queue;
      s.ringAgentNo = e.agentId ?? s.ringAgentNo;
      s.ringingAt = earlier(s.ringingAt, e.at);
      break;
    case 'call.answered':
      if (s.answeredAt === null) {
        s.answeredAt = e.at;
        s.agentNo = e.agentId;
      }
      s.currentAgentNo = e.agentId;
      s.queue = e.queue ?? s.queue;
      break;
    case 'call.hold':
      if (!s.holds.some((h) => h.end === null)) s.holds.push({ start: e.at, end: null });
      break;
    case 'call.resume': {
      const open = s.holds.find((h) => h.end === null);
      if (open) open.end = e.at;
      break;
    }
    case 'call.transferred':
      s.transfers.push({ at: e.at, target: e.target, agentNo: e.agentId ?? null });
      if (e.agentId) s.currentAgentNo = e.agentId;
      break;
    case 'call.ended':
      if (s.endedAt === null) {
        s.endedAt = e.at;
        s.endedBy = e.endedBy;
        s.cause = e.cause ?? null;
        for (const h of s.holds) if (h.end === null) h.end = e.at;
      }
      break;
    case 'call.recording':
      s.recordingUrl = e.recordingUrl;
      break;
    case 'transcript.segment':
      s.segments += 1;
      break;
  }
  return s;
}

/** Folds events given in any order. */
export function foldCallEvents(callId: string, events: readonly CallEvent[]): CallState {
  const sorted = [...events].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  let s = emptyCallState(callId);
  for (const e of sorted) s = applyCallEvent(s, e);
  return s;
}

export type CallStatus = 'ringing' | 'answered' | 'ended';

export interface CallFigures {
  status: CallStatus;
  rings: number | null;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  holdCount: number;
  abandoned: boolean;
}

const ms = (a: string, b: string): number => Math.max(0, Date.parse(b) - Date.parse(a));

/** Status and durations of a call; a ring is counted every started 5 seconds, as the standard counts them. */
export function callFigures(s: CallState): CallFigures {
  const status: CallStatus = s.endedAt ? 'ended' : s.answeredAt ? 'answered' : 'ringing';
  const waitEnd = s.answeredAt ?? s.endedAt;
  const waitMs = s.ringingAt && waitEnd ? ms(s.ringingAt, waitEnd) : null;
  const holdMs = s.holds.reduce((sum, h) => sum + (h.end ? ms(h.start, h.end) : 0), 0);
  return {
    status,
    rings: waitMs === null ? null : Math.max(1, Math.ceil(waitMs / 5000)),
    waitMs,
    talkMs: s.answeredAt && s.endedAt ? Math.max(0, ms(s.answeredAt, s.endedAt) - holdMs) : null,
    holdMs,
    holdCount: s.holds.length,
    abandoned: status === 'ended' && s.answeredAt === null && s.direction === 'in',
  };
}
