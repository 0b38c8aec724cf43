import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { defaultWorkflow, type WorkflowDefinition } from '../../../shared/tickets/workflow.js';
import { api, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';
import { useI18n, type Language } from '../../i18n/index.js';
import { useActivePack } from '../standards/api.js';

/** The shapes of the tickets API: the routes' answers (src/server/modules/tickets/tickets.schema.ts). */
export type Ticket = Answer<'GET /api/tickets'>['items'][number];
export type TicketDetail = Answer<'GET /api/tickets/:id'>;
export type Timer = TicketDetail['timers'][number];
export type TicketPart = TicketDetail['parts'][number];
export type DepartmentStats = Answer<'GET /api/tickets/department-stats'>;
export type Department = Answer<'GET /api/departments'>['items'][number];
export type SavedFilter = Answer<'GET /api/tickets/filters'>['items'][number];

export function statusLabel(status: string, lang: Language, workflow: WorkflowDefinition = defaultWorkflow): string {
  return workflow.states.find((s) => s.id === status)?.labels[lang] ?? defaultWorkflow.states.find((s) => s.id === status)?.labels[lang] ?? status;
}

/** Transitions the system records besides the workflow's own actions. */
const extraActionLabels: Record<string, Record<Language, string>> = {
  merge_in: { 'zh-CN': '合并来单', 'zh-TW': '合併來單', en: 'Duplicate merged in' },
};

export function actionLabel(action: string, lang: Language, workflow: WorkflowDefinition = defaultWorkflow): string {
  const of = (w: WorkflowDefinition) => w.transitions.find((t) => t.action === action)?.labels[lang];
  return of(workflow) ?? of(defaultWorkflow) ?? extraActionLabels[action]?.[lang] ?? action;
}

/**
 * The names of ticket states and actions as the organisation's standard pack has them (its
 * `workflow` section, or the built-in 12345 workflow), and its states in order, for filters.
 */
export function useTicketLabels() {
  const { lang } = useI18n();
  const workflow = ticketWorkflow(useActivePack().data?.content ?? null);
  return {
    status: (s: string) => statusLabel(s, lang, workflow),
    action: (a: string) => actionLabel(a, lang, workflow),
    states: workflow.states.map((s) => s.id),
  };
}

/** "2 天 3 小时" style distance, for countdowns. */
export function distance(ms: number, lang: Language): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  if (lang === 'en') return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
  const [hours, minutes] = lang === 'zh-TW' ? ['小時', '分鐘'] : ['小时', '分钟'];
  if (d > 0) return `${d}天${h}${hours}`;
  if (h > 0) return `${h}${hours}${m}分`;
  return `${m}${minutes}`;
}

/** The organisation's calendar time zone and whether this year and the next have holiday data. */
export function useSlaCoverage() {
  return useQuery({ queryKey: keys.sla.coverage, queryFn: () => api('GET /api/sla/coverage'), staleTime: 5 * 60_000 });
}

// Times are shown in the organisation's zone by one formatter for every page (src/web/time.ts).
export { formatTime, useOrgTimeZone } from '../../time.js';

/** The current time, re-rendering every `ms` (live countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** 01:23:45 under a day, `2天3小时` / `2d 3h` beyond. */
export function countdown(ms: number, lang: Language): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return distance(ms, lang);
  const s = Math.floor(abs / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
