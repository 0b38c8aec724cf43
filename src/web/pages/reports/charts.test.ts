import { describe, expect, it } from 'vitest';
import type { KpiReport } from './api.js';
import { qaTrendOption, trendOption } from './charts.js';

// Two days as the demo has them: 139 offered = 135 answered + 4 abandoned on the second, nothing on the first.
const report = {
  thresholds: { t1Sec: 15, t2Sec: 20 },
  targets: { answerWithinSec: 15, answerRate: 0.95 },
  heatmap: [],
  rows: [
    { key: '2026-12-04', label: '2026-12-04', calls: { offered: 0, answered: 0, abandoned: 0, answerRate: null, serviceLevelT1: null }, qa: { checked: 0, fatal: 0, avgScore: null } },
    { key: '2026-12-05', label: '2026-12-05', calls: { offered: 139, answered: 135, abandoned: 4, answerRate: 0.9712, serviceLevelT1: 0.9407 }, qa: { checked: 135, fatal: 0, avgScore: 97.4 } },
  ],
} as unknown as KpiReport;

type Series = { name: string; type: string; stack?: string; data: (number | null)[]; tooltip?: { valueFormatter: (v: unknown) => string } };
type Axis = { name?: string; axisLabel?: { formatter: string } };

describe('report charts', () => {
  it('the trend bars are named after what they draw: 接通量 and 放弃量 stack up to the 呼入量 card', () => {
    const o = trendOption(report, 'zh-CN') as unknown as { series: Series[]; yAxis: Axis[]; legend: { data: string[] } };
    const bars = o.series.filter((s) => s.type === 'bar');
    expect(bars.map((s) => [s.name, s.data])).toEqual([
      ['接通量', [0, 135]],
      ['放弃量', [0, 4]],
    ]);
    // stacked, the bars reach the offered calls of each day (the card 呼入量 shows 139), and no bar is called 呼入量
    expect(bars.every((s) => s.stack === 'calls')).toBe(true);
    expect([0, 1].map((i) => bars.reduce((sum, s) => sum + (s.data[i] ?? 0), 0))).toEqual([0, 139]);
    expect(o.legend.data).not.toContain('呼入量');
    expect(o.legend.data).toEqual(['接通量', '放弃量', '接通率', '15秒服务水平']);
  });

  it('every axis says its unit, and the rate lines read as percentages in the tooltip', () => {
    const o = trendOption(report, 'zh-CN') as unknown as { series: Series[]; yAxis: Axis[] };
    expect(o.yAxis[0]!.name).toBe('通');
    expect(o.yAxis[1]!.axisLabel!.formatter).toBe('{value}%');
    const lines = o.series.filter((s) => s.type === 'line');
    expect(lines.map((s) => s.data)).toEqual([
      [null, 97.1],
      [null, 94.1],
    ]);
    for (const s of lines) {
      expect(s.tooltip!.valueFormatter(97.1)).toBe('97.1%');
      expect(s.tooltip!.valueFormatter(null)).toBe('—');
    }
    expect((trendOption(report, 'en') as unknown as { yAxis: Axis[] }).yAxis[0]!.name).toBe('calls');

    const qa = qaTrendOption(report, 'zh-CN') as unknown as { yAxis: Axis[]; series: Series[] };
    expect(qa.yAxis.map((a) => a.name)).toEqual(['通', '分']);
    expect(qa.series.map((s) => [s.name, s.data])).toEqual([
      ['质检量', [0, 135]],
      ['致命差错', [0, 0]],
      ['平均分', [null, 97.4]],
    ]);
  });
});
