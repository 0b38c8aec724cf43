import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';

// Wednesday 2 December 2026, 10:00 in Shanghai: "next week" starts on Monday 7 December. Its Monday is forecast
// from 30 Nov, 23 Nov, 16 Nov and 9 Nov; its Wednesday from 25 Nov … 4 Nov, because today (2 Dec) is not over.
const now = new Date('2026-12-02T10:00:00+08:00');
let server: TestServer;
const cookies: Record<string, string> = {};

/** Erlang C from the textbook sums with factorials (small teams only): an independent check of the planner. */
function textbookAgents(a: number, ahtSec: number, targetSec: number, targetSl: number): { agents: number; sl: number } {
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  for (let n = Math.floor(a) + 1; ; n++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a ** k / fact(k);
    const top = (a ** n / fact(n)) * (n / (n - a));
    const c = top / (sum + top);
    const sl = 1 - c * Math.exp((-(n - a) * targetSec) / ahtSec);
    if (sl >= targetSl) return { agents: n, sl };
  }
}

interface Interval {
  start: string;
  date: string;
  weekday: number;
  time: string;
  calls: number;
  ahtSec: number;
  ahtSource: string;
  intensity: number;
  agents: number;
  scheduledAgents: number;
  serviceLevel: number;
}
interface Plan {
  week: string;
  timeZone: string;
  intervalMin: number;
  orgAhtSec: number;
  historyDays: Array<{ date: string; from: string[] }>;
  totals: { calls: number; agentHours: number; scheduledHours: number; peakAgents: number };
  intervals: Interval[];
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now });
  for (const u of ['admin', 'manager', 'lead', 'agent']) cookies[u] = await server.login(u);
  const { id: connectionId } = await createConnection(server, cookies.admin ?? '', 'pbx-staffing');
  const org = await server.database.db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  let seq = 0;
  const rows: Array<Record<string, unknown>> = [];
  /** `count` inbound calls ringing at local time `at` (+08:00), answered with the given talk/hold/wrap-up seconds unless null. */
  const calls = (at: string, count: number, handle: [number, number, number] | null, direction: 'in' | 'out' = 'in') => {
    for (let i = 0; i < count; i++) {
      const ringing = new Date(new Date(`${at}:00+08:00`).getTime() + i * 20_000);
      const answered = handle ? new Date(ringing.getTime() + 5000) : null;
      rows.push({
        org_id: org.id,
        connection_id: connectionId,
        external_id: `s${++seq}`,
        direction,
        status: 'ended',
        ringing_at: ringing,
        answered_at: answered,
        ended_at: new Date(ringing.getTime() + 300_000),
        wait_ms: handle ? 5000 : 30_000,
        talk_ms: handle ? handle[0] * 1000 : null,
        hold_ms: handle ? handle[1] * 1000 : 0,
        wrapup_ms: handle ? handle[2] * 1000 : null,
        abandoned: !handle,
        state: JSON.stringify({}),
      });
    }
  };
  const mondayAht: [number, number, number] = [200, 20, 20]; // 240 s
  // Monday 09:00–09:30 over the four Mondays: 10, 12, 8 + 2 abandoned, 12 → mean 11 offered, AHT 240 s.
  calls('2026-11-30T09:00', 10, mondayAht);
  calls('2026-11-23T09:10', 12, mondayAht);
  calls('2026-11-16T09:27', 8, mondayAht); // the last at 09:29:20
  calls('2026-11-16T09:15', 2, null);
  calls('2026-11-09T09:05', 12, mondayAht);
  calls('2026-11-02T09:05', 40, mondayAht); // five weeks back: not used
  calls('2026-11-30T09:20', 3, mondayAht, 'out'); // outbound: not offered traffic
  calls('2026-11-30T09:30', 4, [60, 0, 0]); // the next interval (09:30), not 09:00
  // Monday 00:00: one abandoned call at 00:10 local = Sunday 16:10 UTC. No answered call → the org's AHT.
  calls('2026-11-30T00:10', 1, null);
  // Wednesday 09:00: four calls on 25 Nov with AHT 120 s; five on today's 2 Dec morning are not used.
  calls('2026-11-25T09:00', 4, [100, 0, 20]);
  calls('2026-12-02T09:05', 5, [100, 0, 20]);
  calls('2026-12-02T09:40', 2, [100, 0, 20]); // answered in the last 30 minutes, after a 5 s wait
  rows.push({ org_id: org.id, connection_id: connectionId, external_id: 'ringing-now', direction: 'in', status: 'ringing', ringing_at: new Date('2026-12-02T09:59:30+08:00'), state: JSON.stringify({}) });
  await server.database.db.insertInto('calls').values(rows as never).execute();
});

afterAll(async () => server?.close());

const at = (plan: Plan, date: string, time: string): Interval => {
  const i = plan.intervals.find((x) => x.date === date && x.time === time);
  if (!i) throw new Error(`no interval ${date} ${time}`);
  return i;
};

describe('GET /api/staffing/forecast', () => {
  it('forecasts next week from the same weekday and interval of the last four complete weeks', async () => {
    const r = await server.request('/api/staffing/forecast', { cookie: cookies.manager });
    expect(r.status).toBe(200);
    const plan = r.body as Plan;
    expect(plan.week).toBe('2026-12-07');
    expect(plan.timeZone).toBe('Asia/Shanghai');
    expect(plan.intervals).toHaveLength(7 * 48);
    expect(plan.historyDays[0]).toEqual({ date: '2026-12-07', from: ['2026-11-30', '2026-11-23', '2026-11-16', '2026-11-09'] });
    expect(plan.historyDays[2]).toEqual({ date: '2026-12-09', from: ['2026-11-25', '2026-11-18', '2026-11-11', '2026-11-04'] });

    // Organisation AHT over the history days: 42 Monday calls × 240 s, 1 × 60 s at 09:30, 4 Wednesday calls × 120 s.
    const orgAht = (42 * 240 + 4 * 60 + 4 * 120) / (42 + 4 + 4);
    expect(plan.orgAhtSec).toBeCloseTo(orgAht, 9);

    const mon9 = at(plan, '2026-12-07', '09:00');
    expect(mon9.start).toBe('2026-12-07T09:00:00+08:00');
    expect(mon9.weekday).toBe(1);
    expect(mon9.calls).toBe(11);
    expect(mon9.ahtSec).toBeCloseTo(240, 9);
    expect(mon9.ahtSource).toBe('interval');
    expect(mon9.intensity).toBeCloseTo((11 * 240) / 1800, 12);
    const expected = textbookAgents((11 * 240) / 1800, 240, 15, 0.8);
    expect(mon9.agents).toBe(expected.agents);
    expect(mon9.serviceLevel).toBeCloseTo(expected.sl, 12);
    expect(mon9.scheduledAgents).toBe(Math.ceil(expected.agents / 0.7));

    const mon930 = at(plan, '2026-12-07', '09:30');
    expect(mon930.calls).toBe(1); // 4 calls in one of four weeks
    expect(mon930.ahtSec).toBeCloseTo(60, 9);

    const mon0 = at(plan, '2026-12-07', '00:00');
    expect(mon0.calls).toBe(0.25);
    expect(mon0.ahtSource).toBe('org');
    expect(mon0.ahtSec).toBeCloseTo(orgAht, 9);
    expect(mon0.agents).toBe(textbookAgents((0.25 * orgAht) / 1800, orgAht, 15, 0.8).agents);

    const wed9 = at(plan, '2026-12-09', '09:00');
    expect(wed9.calls).toBe(1); // 4 on 25 Nov / 4; today's five are not counted
    expect(wed9.ahtSec).toBeCloseTo(120, 9);

    const quiet = at(plan, '2026-12-08', '09:00');
    expect(quiet).toMatchObject({ calls: 0, agents: 0, scheduledAgents: 0 });
    expect(plan.totals.calls).toBeCloseTo(11 + 1 + 0.25 + 1, 9);
    expect(plan.totals.peakAgents).toBe(expected.agents);
  });

  it('takes the interval, target, service level and shrinkage as parameters', async () => {
    const r = await server.request('/api/staffing/forecast?week=2026-12-07&intervalMin=60&targetSec=20&targetSl=0.9&shrinkage=0', { cookie: cookies.lead });
    expect(r.status).toBe(200);
    const plan = r.body as Plan;
    expect(plan.intervals).toHaveLength(7 * 24);
    const mon9 = at(plan, '2026-12-07', '09:00');
    // 09:00–10:00: the 09:00 and 09:30 calls together, (44 + 4) / 4 = 12, AHT (42·240 + 4·60) / 46
    expect(mon9.calls).toBe(12);
    const aht = (42 * 240 + 4 * 60) / 46;
    expect(mon9.ahtSec).toBeCloseTo(aht, 9);
    const expected = textbookAgents((12 * aht) / 3600, aht, 20, 0.9);
    expect(mon9.agents).toBe(expected.agents);
    expect(mon9.scheduledAgents).toBe(expected.agents);
  });

  it("takes T from the organisation's T1 (报表 settings) when no targetSec is given", async () => {
    expect((await server.request('/api/reports/settings', { method: 'PUT', cookie: cookies.manager, json: { t1Sec: 30, t2Sec: 40 } })).status).toBe(200);
    try {
      const plan = (await server.request('/api/staffing/forecast', { cookie: cookies.manager })).body as Plan & { targetSec: number };
      expect(plan.targetSec).toBe(30);
      expect(at(plan, '2026-12-07', '09:00').agents).toBe(textbookAgents((11 * 240) / 1800, 240, 30, 0.8).agents);
      expect(((await server.request('/api/staffing/forecast?targetSec=15', { cookie: cookies.manager })).body as { targetSec: number }).targetSec).toBe(15);
    } finally {
      await server.request('/api/reports/settings', { method: 'PUT', cookie: cookies.manager, json: { t1Sec: 15, t2Sec: 20 } });
    }
  });

  it('refuses a week that does not start on Monday and bad parameters with 400, and agents with 403', async () => {
    const tuesday = await server.request('/api/staffing/forecast?week=2026-12-08', { cookie: cookies.manager });
    expect(tuesday.status).toBe(400);
    expect(JSON.stringify(tuesday.body)).toMatch(/Monday/);
    for (const q of ['intervalMin=20', 'targetSl=1.5', 'shrinkage=1', 'week=2026-02-30', 'targetSec=-1']) {
      expect((await server.request(`/api/staffing/forecast?${q}`, { cookie: cookies.manager })).status).toBe(400);
    }
    expect((await server.request('/api/staffing/forecast', { cookie: cookies.agent })).status).toBe(403);
    expect((await server.request('/api/staffing/forecast')).status).toBe(401);
  });

  it('exports the plan to Excel with local times and labels in the chosen language', async () => {
    for (const [lang, header, weekday] of [
      ['en', 'Forecast calls', 'Mon'],
      ['zh-CN', '预测来电', '周一'],
    ] as const) {
      const res = await fetch(`${server.baseUrl}/api/staffing/forecast.xlsx?lang=${lang}`, { headers: { cookie: cookies.manager ?? '' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('staffing-2026-12-07.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('no sheet');
      expect(ws.rowCount).toBe(1 + 7 * 48);
      const headers = (ws.getRow(1).values as unknown[]).slice(1);
      expect(headers[3]).toBe(header);
      const row = ws.getRow(2 + 18).values as unknown[]; // Monday, the 19th interval: 09:00
      expect(row.slice(1, 5)).toEqual(['2026-12-07', weekday, '09:00', 11]);
      expect(row[7]).toBe(textbookAgents((11 * 240) / 1800, 240, 15, 0.8).agents);
      // 服务水平, 占用率, 平均应答速度 are blank where no call is forecast (the page shows —), figures where calls are
      const rows = Array.from({ length: 7 * 48 }, (_, n) => Array.from({ length: 11 }, (_, c) => ws.getRow(2 + n).getCell(c + 1).value));
      const quiet = rows.filter((r) => r[3] === 0);
      const busy = rows.filter((r) => typeof r[3] === 'number' && r[3] > 0);
      expect(quiet.length).toBeGreaterThan(0);
      expect(busy.length).toBeGreaterThan(0);
      for (const r of quiet) expect(r.slice(8, 11), String(r.slice(0, 3))).toEqual([null, null, null]);
      for (const r of busy) expect(r.slice(8, 11).every((v) => typeof v === 'number'), String(r.slice(0, 3))).toBe(true);
    }
  });
});

describe('GET /api/public/hotlines/:slug', () => {
  interface Hour {
    weekday: number;
    hour: number;
    calls: number;
    level: string;
  }
  it('tells callers without signing in the wait now and the quieter hours, from counts only', async () => {
    const r = await server.request('/api/public/hotlines/demo');
    expect(r.status).toBe(200);
    const body = r.body as { name: string; serviceHours: { allDay: boolean }; now: { expectedWaitSec: number; answeredLast30Min: number; waiting: number }; hours: Hour[]; quietWindows: unknown[] };
    expect(body.serviceHours.allDay).toBe(true);
    expect(body.now).toMatchObject({ expectedWaitSec: 5, answeredLast30Min: 2, waiting: 1 });
    expect(body.hours).toHaveLength(7 * 24);
    const hour = (weekday: number, h: number) => body.hours.find((x) => x.weekday === weekday && x.hour === h);
    // The 28 days before today (4 Nov – 1 Dec): Mondays at 09:xx had 12 + 10 + 12 + 14 inbound calls → 12 a week.
    expect(hour(1, 9)).toEqual({ weekday: 1, hour: 9, calls: 12, level: 'busy' });
    expect(hour(3, 9)?.calls).toBe(1); // 25 Nov; today's calls are not counted yet
    expect(hour(2, 15)?.level).toBe('quiet');
    expect(JSON.stringify(body)).not.toMatch(/"s\d+"|ringing-now|connection/); // no call id, external id or connection leaks
    expect((await server.request('/api/public/hotlines/nope')).status).toBe(404);
  });
});

