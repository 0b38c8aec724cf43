import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import type { ReportBy } from '../../../shared/kpi/index.js';
import { api, type Answer } from '../../api.js';
import { keys } from '../../queryKeys.js';

export type KpiReport = Answer<'GET /api/reports/kpi'>;
export type KpiRow = KpiReport['rows'][number];

export interface ReportFilter {
  from: string;
  to: string;
  by: ReportBy;
  interval: 15 | 30 | 60;
}

export const fill = (s: string, vars: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

export function kpiQueryString(f: ReportFilter): string {
  const q = new URLSearchParams({ from: f.from, to: f.to, by: f.by });
  if (f.by === 'interval') q.set('interval', String(f.interval));
  return q.toString();
}

export function useKpiReport(f: ReportFilter, enabled = true) {
  const qs = kpiQueryString(f);
  return useQuery({ queryKey: keys.reports.kpi(qs), queryFn: () => api('GET /api/reports/kpi', { query: qs }), enabled });
}

const dates = /^\d{4}-\d{2}-\d{2}$/;
const byValues: readonly ReportBy[] = ['day', 'week', 'month', 'interval', 'agent', 'team', 'queue', 'department', 'category'];

/** The report's filters, kept in the URL (from, to, by, interval, tab): a reload, Back or a shared link shows the same report. */
export function useReportFilter() {
  const [params, setParams] = useSearchParams();
  const today = dayjs();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const by = params.get('by') as ReportBy | null;
  const interval = Number(params.get('interval'));
  const filter: ReportFilter = {
    from: dates.test(from) ? from : today.startOf('month').format('YYYY-MM-DD'),
    to: dates.test(to) ? to : today.format('YYYY-MM-DD'),
    by: by && byValues.includes(by) ? by : 'day',
    interval: interval === 15 || interval === 30 ? interval : 60,
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: false });
  };
  return { filter, tab: params.get('tab') ?? 'overview', set };
}
