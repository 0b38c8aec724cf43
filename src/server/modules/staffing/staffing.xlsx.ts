import type { XlsxColumn } from '../../http/xlsx.js';
import type { Forecast } from './staffing.schema.js';

type Lang = 'zh-CN' | 'zh-TW' | 'en';

const labels: Record<Lang, { sheet: string; weekdays: string[]; cols: Record<string, string> }> = {
  'zh-CN': {
    sheet: '排班计划',
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    cols: { date: '日期', weekday: '星期', time: '时段', calls: '预测来电', aht: '平均处理时长(秒)', intensity: '话务量(Erl)', agents: '在线坐席', scheduled: '排班人数', sl: '服务水平(%)', occupancy: '占用率(%)', asa: '平均应答速度(秒)' },
  },
  'zh-TW': {
    sheet: '排班計畫',
    weekdays: ['週一', '週二', '週三', '週四', '週五', '週六', '週日'],
    cols: { date: '日期', weekday: '星期', time: '時段', calls: '預測來電', aht: '平均處理時長(秒)', intensity: '話務量(Erl)', agents: '在線坐席', scheduled: '排班人數', sl: '服務水準(%)', occupancy: '佔用率(%)', asa: '平均應答速度(秒)' },
  },
  en: {
    sheet: 'Staffing plan',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    cols: { date: 'Date', weekday: 'Day', time: 'Interval', calls: 'Forecast calls', aht: 'AHT (s)', intensity: 'Load (Erlangs)', agents: 'Agents on the phones', scheduled: 'Agents to schedule', sl: 'Service level (%)', occupancy: 'Occupancy (%)', asa: 'ASA (s)' },
  },
};

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** One row per interval, in local dates and times, labelled in the requester's language. */
export function planSheet(plan: Forecast, lang: Lang): { filename: string; sheet: string; columns: XlsxColumn[]; rows: Array<Record<string, unknown>> } {
  const l = labels[lang];
  const width: Record<string, number> = { date: 12, weekday: 8, time: 8, calls: 12, aht: 16, intensity: 14, agents: 12, scheduled: 12, sl: 14, occupancy: 12, asa: 16 };
  return {
    filename: `staffing-${plan.week}.xlsx`,
    sheet: l.sheet,
    columns: Object.entries(l.cols).map(([key, header]) => ({ key, header, width: width[key] ?? 12 })),
    rows: plan.intervals.map((i) => ({
      date: i.date,
      weekday: l.weekdays[i.weekday - 1],
      time: i.time,
      calls: round(i.calls, 2),
      aht: round(i.ahtSec, 1),
      intensity: round(i.intensity, 3),
      agents: i.agents,
      scheduled: i.scheduledAgents,
      // an interval without forecast calls has no service level, occupancy or wait (the page shows —), not 100 % and 0 s
      sl: i.calls > 0 ? round(i.serviceLevel * 100, 1) : null,
      occupancy: i.calls > 0 ? round(i.occupancy * 100, 1) : null,
      asa: i.calls > 0 ? round(i.asaSec, 1) : null,
    })),
  };
}
