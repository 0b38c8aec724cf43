/** ECharts options of the reports page, built from a report (no figures computed here: they come from the API). */
import { callLabels, chartUnitLabels, kpiLabel, qaLabels, type KpiLanguage } from '../../../shared/kpi/labels.js';
import type { KpiReport } from './api.js';

const pct = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
/** The tooltip of a percentage line: 97.1%, or — for a bucket without calls. */
const pctTooltip = { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') };

export function trendOption(r: KpiReport, lang: KpiLanguage) {
  const th = r.thresholds;
  const rows = r.rows;
  // the two bars stack up to 呼入量 (offered = answered + abandoned): each is named after the figure it draws
  const names = {
    answered: kpiLabel(callLabels, 'answered', lang, th),
    abandoned: kpiLabel(callLabels, 'abandoned', lang, th),
    answerRate: kpiLabel(callLabels, 'answerRate', lang, th),
    sl: kpiLabel(callLabels, 'serviceLevelT1', lang, th),
  };
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: Object.values(names) },
    grid: { left: 48, right: 48, top: 40, bottom: rows.length > 40 ? 64 : 32 },
    ...(rows.length > 40 ? { dataZoom: [{ type: 'slider', bottom: 8 }] } : {}),
    xAxis: { type: 'category', data: rows.map((x) => x.label.replace('T', ' ')) },
    yAxis: [
      { type: 'value', minInterval: 1, name: chartUnitLabels.calls[lang] },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: names.answered, type: 'bar', stack: 'calls', data: rows.map((x) => x.calls?.answered ?? 0), itemStyle: { color: '#91caff' } },
      { name: names.abandoned, type: 'bar', stack: 'calls', data: rows.map((x) => x.calls?.abandoned ?? 0), itemStyle: { color: '#ffa39e' } },
      {
        name: names.answerRate,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        tooltip: pctTooltip,
        data: rows.map((x) => pct(x.calls?.answerRate)),
        itemStyle: { color: '#c8102e' },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#cf1322' }, data: [{ yAxis: r.targets.answerRate * 100 }], label: { formatter: 'GB/T {c}%' } },
      },
      { name: names.sl, type: 'line', yAxisIndex: 1, tooltip: pctTooltip, data: rows.map((x) => pct(x.calls?.serviceLevelT1)), itemStyle: { color: '#389e0d' } },
    ],
  };
}

export function heatmapOption(r: KpiReport, weekdays: string[], hourName: string) {
  const max = Math.max(1, ...r.heatmap.map((c) => c.offered));
  return {
    animation: false,
    tooltip: { position: 'top' },
    grid: { left: 56, right: 96, top: 8, bottom: 40 },
    xAxis: { type: 'category', name: hourName, data: Array.from({ length: 24 }, (_, h) => String(h)), splitArea: { show: true } },
    yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: 'vertical', right: 8, top: 'middle', itemHeight: 160, inRange: { color: ['#fff7e6', '#ffc069', '#d4380d'] } },
    series: [{ type: 'heatmap', data: r.heatmap.map((c) => [c.hour, c.weekday - 1, c.offered]), label: { show: false } }],
  };
}

export function qaTrendOption(r: KpiReport, lang: KpiLanguage) {
  const th = r.thresholds;
  const score = kpiLabel(qaLabels, 'avgScore', lang, th);
  const fatal = kpiLabel(qaLabels, 'fatal', lang, th);
  const checked = kpiLabel(qaLabels, 'checked', lang, th);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [checked, fatal, score] },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: r.rows.map((x) => x.label.replace('T', ' ')) },
    yAxis: [
      { type: 'value', minInterval: 1, name: chartUnitLabels.calls[lang] },
      { type: 'value', min: 0, max: 100, name: chartUnitLabels.points[lang] },
    ],
    series: [
      { name: checked, type: 'bar', data: r.rows.map((x) => x.qa?.checked ?? 0), itemStyle: { color: '#d9d9d9' } },
      { name: fatal, type: 'bar', data: r.rows.map((x) => x.qa?.fatal ?? 0), itemStyle: { color: '#cf1322' } },
      { name: score, type: 'line', yAxisIndex: 1, data: r.rows.map((x) => x.qa?.avgScore ?? null), itemStyle: { color: '#1677ff' } },
    ],
  };
}
