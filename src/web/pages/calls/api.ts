import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';
import { elapsedClock } from '../../../shared/labels/elapsed.js';
import type { LabelLanguage } from '../../../shared/labels/label.js';

/** The shapes of the calls, agents, callbacks and CTI APIs: the routes' answers (src/server/modules/calls/calls.schema.ts, cti.schema.ts). */

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

export type Call = Answer<'GET /api/calls'>['items'][number];
export type CallDetail = Answer<'GET /api/calls/:id'>;
export type CallStatus = Call['status'];
export type EndedBy = NonNullable<Call['endedBy']>;
export type TranscriptSegment = CallDetail['transcript'][number];
export type ScreenPopData = Answer<'GET /api/calls/:id/pop'>;

export const agentStates = ['on_call', 'available', 'wrap_up', 'busy', 'break', 'training', 'offline'] as const;
export type AgentState = (typeof agentStates)[number];
export const selectableStates = ['available', 'busy', 'break', 'wrap_up', 'training', 'offline'] as const;
export type SelectableState = (typeof selectableStates)[number];
/** 小休 reasons offered in the header; other systems may send their own words, shown as they are. */
export const breakReasons = ['meal', 'rest', 'meeting', 'training'] as const;

export type MyState = Answer<'GET /api/agents/me/state'>;
export type Board = Answer<'GET /api/agents/board'>;
export type BoardAgent = Board['agents'][number];
export type StateLogEntry = Answer<'GET /api/agents/:agentNo/states'>[number];
export type Queue = Answer<'GET /api/queues'>[number];
export type CallbackTask = Answer<'GET /api/callbacks'>[number];
export const callbackOutcomes = ['reached', 'no_answer', 'wrong_number', 'not_needed'] as const;

export type CtiConnection = Answer<'GET /api/cti/connections'>[number];

export function useMyState(enabled: boolean) {
  return useQuery({ queryKey: keys.agents.myState, queryFn: () => api('GET /api/agents/me/state'), enabled, refetchInterval: 60_000 });
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

/** 0:42, 12:05, 1:02:33, and from a day on 1天2小时 — call figures and time in a state (one formatter, src/shared/labels/elapsed.ts). */
export function clock(ms: number | null | undefined, lang: LabelLanguage): string {
  return elapsedClock(ms, lang);
}

/** Time since an instant, as a clock; '—' when unknown. */
export function since(iso: string | null | undefined, now: number, lang: LabelLanguage): string {
  return iso ? clock(now - new Date(iso).getTime(), lang) : '—';
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
