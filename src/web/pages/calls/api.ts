import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api.js';

/** The shapes of the calls, agents, callbacks and CTI APIs (src/server/modules/calls/calls.schema.ts, cti.schema.ts). */

/**
 * Query options for a call that may have been announced ahead of its commit: a screen pop is
 * pushed while the switch's event is still being stored (a few milliseconds, longer under load),
 * so a 404 for it is retried at a short interval for a few seconds; other errors as usual.
 */
const notYet = (err: Error) => err instanceof ApiError && err.code === 'CALL_NOT_FOUND';
export const announcedCall = {
  retry: (failures: number, err: Error) => failures < (notYet(err) ? 40 : 3),
  retryDelay: (failures: number, err: Error) => (notYet(err) ? 100 : Math.min(1000 * 2 ** failures, 30_000)),
};

export type CallStatus = 'ringing' | 'answered' | 'ended';
export type EndedBy = 'customer' | 'agent' | 'system';

export interface Call {
  id: string;
  externalId: string;
  direction: 'in' | 'out';
  from: string | null;
  to: string | null;
  queue: string | null;
  agentNo: string | null;
  agentName: string | null;
  status: CallStatus;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: EndedBy | null;
  cause: string | null;
  rings: number | null;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  holdCount: number;
  wrapUpMs: number | null;
  abandoned: boolean;
  night: boolean;
  recordingUrl: string | null;
  segments: number;
  holds: Array<{ start: string; end: string | null }>;
  transfers: Array<{ at: string; target: string; agentNo: string | null }>;
  qaTranscriptId: string | null;
  qaScore: number | null;
  qaFatal: boolean | null;
}

export interface TranscriptSegment {
  speaker: 'agent' | 'customer';
  start: number;
  end: number;
  text: string;
}

export interface CallDetail extends Call {
  timeline: Array<{ type: string; at: string; seq?: number; target?: string; agentNo?: string; endedBy?: string }>;
  transcript: TranscriptSegment[];
}

export interface ScreenPopData {
  call: Call;
  previousCalls: Array<{ id: string; ringingAt: string | null; agentNo: string | null; abandoned: boolean; status: string; queue: string | null; talkMs: number | null }>;
  tickets: Array<{
    id: string;
    number: string;
    title: string;
    status: string;
    category: string;
    priority: string;
    createdAt: string;
    open: boolean;
    satisfaction: string | null;
    nextDue: { kind: string; dueAt: string; warnAt: string | null; status: string } | null;
  }>;
  satisfaction: Array<{ ticketId: string; number: string; satisfaction: string; at: string }>;
}

export const agentStates = ['on_call', 'available', 'wrap_up', 'busy', 'break', 'training', 'offline'] as const;
export type AgentState = (typeof agentStates)[number];
export const selectableStates = ['available', 'busy', 'break', 'wrap_up', 'training', 'offline'] as const;
export type SelectableState = (typeof selectableStates)[number];
/** 小休 reasons offered in the header; other systems may send their own words, shown as they are. */
export const breakReasons = ['meal', 'rest', 'meeting', 'training'] as const;

export interface MyState {
  agentNo: string;
  state: AgentState;
  reason: string | null;
  since: string | null;
  callId: string | null;
}

export interface BoardAgent extends MyState {
  userId: string;
  name: string;
  role: string;
  queues: string[];
}

export interface Board {
  agents: BoardAgent[];
  counts: Record<string, number>;
}

export interface StateLogEntry {
  state: string;
  reason: string | null;
  source: string;
  callId: string | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
}

export interface Queue {
  id: string;
  code: string;
  name: string;
  kind: 'day' | 'night' | 'expert';
  members: string[];
}

export interface CallbackTask {
  id: string;
  caller: string | null;
  callIds: string[];
  reason: 'abandoned' | 'night' | 'unanswered' | 'correction' | 'promised';
  /** What to tell the caller: the corrected answer, or what was promised at night. */
  detail: string | null;
  status: 'open' | 'done' | 'cancelled';
  attempts: number;
  dueAt: string;
  overdue: boolean;
  outcome: string | null;
  note: string | null;
  createdAt: string;
  doneAt: string | null;
}
export const callbackOutcomes = ['reached', 'no_answer', 'wrong_number', 'not_needed'] as const;

export interface CtiConnection {
  id: string;
  name: string;
  kind: 'events' | 'zammad';
  tokenHint: string;
  settings: Record<string, unknown>;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Query keys the live feed invalidates; pages use these so a pushed change refreshes them. */
export const keys = {
  calls: ['calls'] as const,
  call: (id: string) => ['calls', 'one', id] as const,
  pop: (id: string) => ['calls', 'pop', id] as const,
  myState: ['agents', 'me', 'state'] as const,
  board: ['agents', 'board'] as const,
  stateLog: (agentNo: string) => ['agents', 'states', agentNo] as const,
  queues: ['queues'] as const,
  callbacks: ['callbacks'] as const,
  connections: ['cti', 'connections'] as const,
};

export function useMyState(enabled: boolean) {
  return useQuery({ queryKey: keys.myState, queryFn: () => api<MyState>('/api/agents/me/state'), enabled, refetchInterval: 60_000 });
}

/** The current time, re-rendering every `ms`, for durations that grow while you watch. */
export function useTicker(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** 0:42, 12:05, 1:02:33 — call figures and time in a state. */
export function clock(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Time since an instant, as a clock; '—' when unknown. */
export function since(iso: string | null | undefined, now: number): string {
  return iso ? clock(now - new Date(iso).getTime()) : '—';
}

/** Colour of an agent state, the same on the header control and the team board. */
export const stateColors: Record<AgentState, string> = {
  on_call: '#1677ff',
  available: '#52c41a',
  wrap_up: '#722ed1',
  busy: '#fa8c16',
  break: '#faad14',
  training: '#13c2c2',
  offline: '#bfbfbf',
};
