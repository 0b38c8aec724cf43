import { defaultWorkflow } from '../../../shared/tickets/workflow.js';
import type { Language } from '../../i18n/index.js';

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
  transitions: Array<{ id: string; action: string; from: string; to: string; reason: string | null; actor: string; at: string }>;
  timers: Timer[];
  actions: Array<{ action: string; labels: Record<string, string>; to: string; requiresReason: boolean }>;
}

export interface Department {
  id: string;
  name: string;
}

export function statusLabel(status: string, lang: Language): string {
  return defaultWorkflow.states.find((s) => s.id === status)?.labels[lang] ?? status;
}

export function actionLabel(action: string, lang: Language): string {
  return defaultWorkflow.transitions.find((t) => t.action === action)?.labels[lang] ?? action;
}

/** "2 天 3 小时" style distance, for countdowns. */
export function distance(ms: number, lang: Language): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const zh = lang !== 'en';
  if (d > 0) return zh ? `${d}天${h}小时` : `${d}d ${h}h`;
  if (h > 0) return zh ? `${h}小时${m}分` : `${h}h ${m}m`;
  return zh ? `${m}分钟` : `${m}m`;
}
