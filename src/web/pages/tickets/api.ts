import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { defaultWorkflow, type WorkflowDefinition } from '../../../shared/tickets/workflow.js';
import type { DepartmentStatsDto, TicketDetailDto } from '../../../server/modules/tickets/tickets.schema.js';
import { api } from '../../api.js';
import { useI18n, type Language } from '../../i18n/index.js';
import { useActivePack } from '../standards/api.js';

export interface Ticket {
  id: string;
  number: string;
  channel: string;
  callerName: string | null;
  callerPhone: string | null;
  category: string;
  subCategory: string | null;
  priority: string;
  title: string;
  description: string;
  address: string | null;
  departmentId: string | null;
  departmentName: string | null;
  status: string;
  supervised: boolean;
  satisfaction: string | null;
  createdAt: string;
  nextDueAt: string | null;
  overdue: boolean;
  overdueSince: string | null;
  updateEvery: string | null;
  nextUpdateAt: string | null;
  tags: string[];
  callIds: string[];
}

export interface Timer {
  id: string;
  kind: string;
  duration: string;
  startedAt: string;
  dueAt: string;
  status: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  metAt: string | null;
  breachedAt: string | null;
}

export interface TicketDetail extends Ticket {
  /** 受理: the first entry of the history. */
  created: { state: string; actor: string | null; actorName: string | null; at: string };
  /** The calls among callIds, for links to their pages. */
  linkedCalls: Array<{ id: string; ringingAt: string | null }>;
  /** `actorName` is the person's display name; null when the system acted. */
  transitions: Array<{ id: string; action: string; from: string; to: string; reason: string | null; details?: unknown; actor: string; actorName: string | null; at: string }>;
  timers: Timer[];
  /** What each action asks for (a department, co-handling departments, satisfaction …), as the workflow declares it. */
  actions: TicketDetailDto['actions'];
  /** 主办/协办: each department's part, the lead first. */
  parts: TicketDetailDto['parts'];
  returnedBy: TicketDetailDto['returnedBy'];
}

export type TicketPart = TicketDetailDto['parts'][number];
export type DepartmentStats = DepartmentStatsDto;

export interface Department {
  id: string;
  name: string;
  active?: boolean;
}

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

export interface SlaCoverage {
  timezone: string;
  /** The windows of a working day, in time order (e.g. 08:30–12:00 and 13:30–17:00). */
  businessHours: Array<{ start: string; end: string }>;
  today: string;
  years: Array<{ year: number; coverage: 'builtin' | 'override' | 'fallback'; warning: string | null }>;
}

/** The organisation's calendar time zone and whether this year and the next have holiday data. */
export function useSlaCoverage() {
  return useQuery({ queryKey: ['sla', 'coverage'], queryFn: () => api<SlaCoverage>('/api/sla/coverage'), staleTime: 5 * 60_000 });
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

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  createdAt: string;
}
