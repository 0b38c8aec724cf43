import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';
import { announcedCall, type Call } from '../calls/api.js';

/** The shapes of the workbench API: the routes' answers (src/server/modules/workbench/workbench.schema.ts). */

export type Current = Answer<'GET /api/workbench/current'>;
export type WrapUp = NonNullable<Current['wrapUp']>;
export type WrapUpOutcome = WrapUp['outcome'];
export type WrapUpResult = Answer<'POST /api/workbench/calls/:id/wrap-up'>;

export interface WrapUpInput {
  outcome: WrapUpOutcome;
  ticket?: Record<string, unknown>;
  closeAs?: 'callback' | 'archive';
  scenarioId?: string;
  customerTypeId?: string;
  summary: string;
  recap: string[];
  ready?: boolean;
  /** A night call ended with a call-back promised for the day (夜间模式). */
  followUpPromised?: boolean;
}

/** The call the agent works on (restores the workbench after a reload); refreshed by live call and state messages. */
export function useCurrent(enabled: boolean) {
  return useQuery({ queryKey: keys.workbench.current, queryFn: () => api('GET /api/workbench/current'), enabled, staleTime: 5_000 });
}

/** The call with its transcript and holds; live messages about calls make it stale (src/web/live.tsx). */
export function useCallDetail(callId: string | null) {
  return useQuery({ queryKey: keys.calls.one(callId ?? '-'), queryFn: () => api('GET /api/calls/:id', { params: { id: callId ?? '-' } }), enabled: callId !== null, ...announcedCall });
}

export function useWorkbenchActions() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.workbench.current });
    void qc.invalidateQueries({ queryKey: keys.calls.all });
    void qc.invalidateQueries({ queryKey: keys.agents.myState });
  };
  return {
    startCall: useMutation({
      mutationFn: (body: { from: string; direction: 'in' | 'out' }) => api('POST /api/workbench/calls', { json: body }),
      onSuccess: refresh,
    }),
    callEvent: useMutation({
      mutationFn: ({ callId, type }: { callId: string; type: 'hold' | 'resume' | 'end' }) =>
        api('POST /api/workbench/calls/:id/events', { params: { id: callId }, json: type === 'end' ? { type, endedBy: 'customer' } : { type } }),
      onSuccess: refresh,
    }),
    wrapUp: useMutation({
      mutationFn: ({ callId, body }: { callId: string; body: WrapUpInput }) => api('POST /api/workbench/calls/:id/wrap-up', { params: { id: callId }, json: body }),
      onSuccess: () => {
        refresh();
        void qc.invalidateQueries({ queryKey: keys.tickets.all });
      },
    }),
    report: useMutation({
      mutationFn: ({ callId, kind, note }: { callId: string; kind: 'abusive' | 'harassment' | 'threat' | 'other'; note?: string }) =>
        api('POST /api/workbench/calls/:id/report', { params: { id: callId }, json: note ? { kind, note } : { kind } }),
    }),
  };
}

/** Manual calls (lines without CTI) are the ones the workbench itself reports: their switch id starts with `wb-`. */
export const isManual = (call: Pick<Call, 'externalId'>) => call.externalId.startsWith('wb-');
