import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.js';
import { announcedCall, keys as callKeys, type Call, type CallDetail, type MyState } from '../calls/api.js';
import type { TicketDetail } from '../tickets/api.js';

/** The shapes of the workbench API (src/server/modules/workbench/workbench.schema.ts). */

export type WrapUpOutcome = 'ticket' | 'resolved' | 'no_ticket';

export interface WrapUp {
  callId: string;
  outcome: WrapUpOutcome;
  ticketId: string | null;
  ticketNumber: string | null;
  scenarioId: string | null;
  customerTypeId: string | null;
  summary: string;
  recap: string[];
  createdAt: string;
  agentNo: string;
}

export interface Current {
  call: Call | null;
  wrapUp: WrapUp | null;
  state: MyState;
}

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

export interface WrapUpResult {
  wrapUp: WrapUp;
  ticket: TicketDetail | null;
  state: MyState;
  /** The callback task a night call's promise opened, with its due. */
  followUp: { taskId: string; dueAt: string } | null;
}

export const wbKeys = {
  current: ['workbench', 'current'] as const,
};

/** The call the agent works on (restores the workbench after a reload); refreshed by live call and state messages. */
export function useCurrent(enabled: boolean) {
  return useQuery({ queryKey: wbKeys.current, queryFn: () => api<Current>('/api/workbench/current'), enabled, staleTime: 5_000 });
}

/** The call with its transcript and holds; live messages about calls make it stale (src/web/live.tsx). */
export function useCallDetail(callId: string | null) {
  return useQuery({ queryKey: callKeys.call(callId ?? '-'), queryFn: () => api<CallDetail>(`/api/calls/${callId}`), enabled: callId !== null, ...announcedCall });
}

export function useWorkbenchActions() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: wbKeys.current });
    void qc.invalidateQueries({ queryKey: ['calls'] });
    void qc.invalidateQueries({ queryKey: callKeys.myState });
  };
  return {
    startCall: useMutation({
      mutationFn: (body: { from: string; direction: 'in' | 'out' }) => api<{ callId: string }>('/api/workbench/calls', { method: 'POST', json: body }),
      onSuccess: refresh,
    }),
    callEvent: useMutation({
      mutationFn: ({ callId, type }: { callId: string; type: 'hold' | 'resume' | 'end' }) =>
        api<{ call: Call }>(`/api/workbench/calls/${callId}/events`, { method: 'POST', json: type === 'end' ? { type, endedBy: 'customer' } : { type } }),
      onSuccess: refresh,
    }),
    wrapUp: useMutation({
      mutationFn: ({ callId, body }: { callId: string; body: WrapUpInput }) => api<WrapUpResult>(`/api/workbench/calls/${callId}/wrap-up`, { method: 'POST', json: body }),
      onSuccess: () => {
        refresh();
        void qc.invalidateQueries({ queryKey: ['tickets'] });
      },
    }),
    report: useMutation({
      mutationFn: ({ callId, kind, note }: { callId: string; kind: 'abusive' | 'harassment' | 'threat' | 'other'; note?: string }) =>
        api<{ reportedTo: number }>(`/api/workbench/calls/${callId}/report`, { method: 'POST', json: note ? { kind, note } : { kind } }),
    }),
  };
}

/** Manual calls (lines without CTI) are the ones the workbench itself reports: their switch id starts with `wb-`. */
export const isManual = (call: Pick<Call, 'externalId'>) => call.externalId.startsWith('wb-');
