/**
 * The KPI report as a workbook: a summary, then calls, tickets and QA by the report's rows, then agents and
 * departments. Times are the organisation's local bucket keys; labels in the reader's language (src/shared/kpi/labels.ts).
 */
import { callbackLabels, callLabels, isRateKey, kpiLabel, qaLabels, ticketLabels, type KpiLanguage } from '../../../shared/kpi/labels.js';
import { isCheckId, qaCheckName } from '../../../shared/labels/qa-checks.js';
import { timeZoneLabel } from '../../../shared/labels/time-zone.js';
import type { XlsxSheet } from '../../http/xlsx.js';
import type { KpiReportDto } from './reports.schema.js';

type Section = 'calls' | 'callbacks' | 'tickets' | 'qa';
type Row = KpiReportDto['rows'][number];
const tables = { calls: callLabels, callbacks: callbackLabels, tickets: ticketLabels, qa: qaLabels } as const;

const words: Record<string, Record<KpiLanguage, string>> = {
  summary: { 'zh-CN': '概要', 'zh-TW': '概要', en: 'Summary' },
  calls: { 'zh-CN': '话务', 'zh-TW': '話務', en: 'Calls' },
  tickets: { 'zh-CN': '工单', 'zh-TW': '工單', en: 'Tickets' },
  qa: { 'zh-CN': '质检', 'zh-TW': '質檢', en: 'Quality' },
  agents: { 'zh-CN': '坐席', 'zh-TW': '坐席', en: 'Agents' },
  departments: { 'zh-CN': '承办单位', 'zh-TW': '承辦單位', en: 'Departments' },
  row: { 'zh-CN': '时间/分组', 'zh-TW': '時間/分組', en: 'Time / row' },
  total: { 'zh-CN': '合计', 'zh-TW': '合計', en: 'Total' },
  none: { 'zh-CN': '（未分配）', 'zh-TW': '（未分配）', en: '(none)' },
  item: { 'zh-CN': '项目', 'zh-TW': '項目', en: 'Item' },
  value: { 'zh-CN': '数值', 'zh-TW': '數值', en: 'Value' },
  period: { 'zh-CN': '统计期', 'zh-TW': '統計期', en: 'Period' },
  zone: { 'zh-CN': '时区', 'zh-TW': '時區', en: 'Time zone' },
  thresholds: { 'zh-CN': '服务水平门限（秒）', 'zh-TW': '服務水準門檻（秒）', en: 'Service-level thresholds (s)' },
  sl15: { 'zh-CN': 'GB/T 33358：15 秒内接通占比', 'zh-TW': 'GB/T 33358：15 秒內接通佔比', en: 'GB/T 33358: answered within 15 s' },
  worst: { 'zh-CN': 'GB/T 33358：任意 24 小时最低接通率（目标 ≥ 95%）', 'zh-TW': 'GB/T 33358：任意 24 小時最低接通率（目標 ≥ 95%）', en: 'GB/T 33358: lowest answer rate of any 24 hours (target ≥ 95%)' },
  worstFrom: { 'zh-CN': '该 24 小时起点', 'zh-TW': '該 24 小時起點', en: 'Those 24 hours start at' },
  top: { 'zh-CN': '高发问题', 'zh-TW': '高發問題', en: 'Most violated checks' },
};

const pct = (v: number | null): number | string => (v === null ? '' : Math.round(v * 10_000) / 100);

function sectionSheet(name: string, report: KpiReportDto, sections: Section[], lang: KpiLanguage, none: string): XlsxSheet | null {
  const present = sections.filter((s) => report.sections.includes(s) && (report.rows.some((r) => r[s]) || report.total[s]));
  if (!present.length) return null;
  const keys = present.flatMap((s) => Object.keys(tables[s]).map((k) => [s, k] as const));
  const columns = [
    { header: words.row?.[lang] ?? '', key: 'row', width: 20 },
    ...keys.map(([s, k]) => ({ header: kpiLabel(tables[s], k, lang, report.thresholds) + (isRateKey(k) ? ' (%)' : ''), key: `${s}.${k}`, width: 14 })),
  ];
  const line = (label: string, r: Partial<Row>) => {
    const out: Record<string, unknown> = { row: label };
    for (const [s, k] of keys) {
      const v = ((r[s] as Record<string, number | null> | undefined)?.[k] ?? null) as number | null;
      out[`${s}.${k}`] = isRateKey(k) ? pct(v) : (v ?? '');
    }
    return out;
  };
  function* rows() {
    for (const r of report.rows) yield line(r.label ? r.label.replace('T', ' ') : none, r);
    yield line(words.total?.[lang] ?? 'total', report.total);
  }
  return { name, columns, rows: rows() };
}

export function reportSheets(main: KpiReportDto, agents: KpiReportDto, departments: KpiReportDto | null, lang: KpiLanguage): XlsxSheet[] {
  const w = (k: string) => words[k]?.[lang] ?? k;
  const summary: Array<Record<string, unknown>> = [
    { item: w('period'), value: `${main.from} – ${main.to}` },
    { item: w('zone'), value: timeZoneLabel(main.timeZone, lang) },
    { item: w('thresholds'), value: `${main.thresholds.t1Sec} / ${main.thresholds.t2Sec}` },
  ];
  if (main.gbt) {
    summary.push({ item: `${w('sl15')} (%)`, value: pct(main.gbt.serviceLevel15) });
    summary.push({ item: `${w('worst')} (%)`, value: pct(main.gbt.worstAnswerRate24h) });
    summary.push({ item: w('worstFrom'), value: main.gbt.worstWindowStart?.replace('T', ' ') ?? '' });
  }
  // a built-in check by its name, as the reports page shows it (an organisation's own rule keeps its id: its name is in the pack)
  for (const c of main.topChecks) summary.push({ item: `${w('top')}: ${isCheckId(c.check) ? qaCheckName(c.check, lang) : c.check}`, value: c.count });
  const sheets: Array<XlsxSheet | null> = [
    { name: w('summary'), columns: [{ header: w('item'), key: 'item', width: 48 }, { header: w('value'), key: 'value', width: 24 }], rows: summary },
    sectionSheet(w('calls'), main, ['calls', 'callbacks'], lang, w('none')),
    sectionSheet(w('tickets'), main, ['tickets'], lang, w('none')),
    sectionSheet(w('qa'), main, ['qa'], lang, w('none')),
    sectionSheet(w('agents'), agents, ['calls', 'tickets', 'qa'], lang, w('none')),
    departments ? sectionSheet(w('departments'), departments, ['tickets'], lang, w('none')) : null,
  ];
  return sheets.filter((s): s is XlsxSheet => s !== null);
}
