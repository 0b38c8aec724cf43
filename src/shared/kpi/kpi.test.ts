/**
 * The KPI module against an independent oracle: random calls, aggregated per bucket by the module and reported,
 * compared with each figure computed again by plain loops over the raw rows, with buckets found by Intl's own
 * formatting (not zone.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  addCall,
  buildReport,
  bucketKey,
  bucketsOf,
  emptyCallAgg,
  emptyCallbackAgg,
  emptyQaAgg,
  emptyTicketAgg,
  grainOf,
  mergeCallAgg,
  periodOf,
  PeriodError,
  ticketFigures,
  type CallAgg,
  type CallRow,
  type Grain,
  type ReportBy,
  type Thresholds,
} from './index.js';

interface RawCall extends CallRow {
  at: number;
}

/** Small seeded generator (mulberry32), so a failure repeats. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCalls(n: number, start: number, end: number, seed: number): RawCall[] {
  const r = rng(seed);
  const out: RawCall[] = [];
  for (let i = 0; i < n; i++) {
    const direction = r() < 0.1 ? 'out' : 'in';
    const kind = r();
    const answered = kind < 0.75;
    const abandoned = direction === 'in' && !answered && kind < 0.95; // the rest is still ringing (or an unanswered outbound call)
    const ended = abandoned || (answered ? r() < 0.95 : direction === 'out' && r() < 0.7);
    const waitMs = r() < 0.03 ? null : Math.floor(r() < 0.2 ? r() * 6000 : r() * 90_000);
    out.push({
      at: start + Math.floor(r() * (end - start)),
      direction,
      answered,
      abandoned,
      ended,
      waitMs,
      talkMs: answered ? Math.floor(r() * 600_000) : null,
      holdMs: answered && r() < 0.3 ? Math.floor(r() * 60_000) : 0,
      wrapupMs: answered && r() < 0.8 ? Math.floor(r() * 120_000) : null,
      transfers: answered && r() < 0.1 ? 1 + Math.floor(r() * 2) : 0,
    });
  }
  return out;
}

// ---------------------------------------------------------------- the oracle

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall time by Intl's sv-SE format ("2026-12-01 09:07:00"). */
function wall(instant: number, timeZone: string) {
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
  const [date = '', time = ''] = s.split(' ');
  return { date, hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) };
}

function oracleKey(instant: number, grain: Grain, timeZone: string): string {
  const w = wall(instant, timeZone);
  if (grain.kind === 'day') return w.date;
  if (grain.kind === 'month') return w.date.slice(0, 7);
  if (grain.kind === 'week') {
    const d = new Date(`${w.date}T00:00:00Z`);
    const back = (d.getUTCDay() + 6) % 7; // days since Monday
    return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  }
  const m = Math.floor((w.hour * 60 + w.minute) / grain.minutes) * grain.minutes;
  return `${w.date}T${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const share = (n: number, d: number) => (d ? n / d : null);

/** Every call figure, computed straight from the rows of one bucket. */
function oracleCallFigures(rows: RawCall[], t: Thresholds) {
  const inbound = rows.filter((c) => c.direction === 'in');
  const answered = inbound.filter((c) => c.answered);
  const lost = inbound.filter((c) => !c.answered && c.abandoned);
  const wait = (c: RawCall) => c.waitMs ?? 0;
  const short = lost.filter((c) => wait(c) < 5000);
  const abandoned = lost.filter((c) => wait(c) >= 5000);
  const offered = answered.length + abandoned.length;
  const within = (s: number) => answered.filter((c) => wait(c) <= s * 1000).length;
  const after = (s: number) => abandoned.filter((c) => wait(c) > s * 1000).length;
  const waits = [...answered, ...lost].map(wait);
  const wraps = answered.filter((c) => c.wrapupMs !== null).map((c) => c.wrapupMs ?? 0);
  return {
    offered,
    answered: answered.length,
    abandoned: abandoned.length,
    shortAbandoned: short.length,
    answerRate: share(answered.length, offered),
    abandonRate: share(abandoned.length, offered),
    serviceLevelT1: share(within(t.t1Sec), answered.length),
    serviceLevelT2: share(within(t.t2Sec), answered.length),
    serviceLevelOfferedT1: share(within(t.t1Sec), answered.length + after(t.t1Sec)),
    serviceLevelOfferedT2: share(within(t.t2Sec), answered.length + after(t.t2Sec)),
    asaSec: answered.length ? (mean(answered.map(wait)) ?? 0) / 1000 : null,
    longestWaitSec: waits.length ? Math.max(...waits) / 1000 : null,
    avgTalkSec: answered.length ? (mean(answered.map((c) => c.talkMs ?? 0)) ?? 0) / 1000 : null,
    avgHoldSec: answered.length ? (mean(answered.map((c) => c.holdMs)) ?? 0) / 1000 : null,
    avgWrapUpSec: wraps.length ? (mean(wraps) ?? 0) / 1000 : null,
    avgHandleSec: answered.length ? (mean(answered.map((c) => (c.talkMs ?? 0) + c.holdMs + (c.wrapupMs ?? 0))) ?? 0) / 1000 : null,
    transfers: answered.reduce((s, c) => s + c.transfers, 0),
    transferredCalls: answered.filter((c) => c.transfers > 0).length,
    outbound: rows.filter((c) => c.direction === 'out' && (c.answered || c.ended)).length,
  };
}

function expectFigures(actual: Record<string, unknown>, expected: Record<string, number | null>, where: string) {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k];
    if (v === null) expect(a, `${where} ${k}`).toBeNull();
    else {
      expect(typeof a, `${where} ${k}`).toBe('number');
      // the module rounds ratios to 4 decimals and seconds to 1
      expect(Math.abs((a as number) - v), `${where} ${k}: ${String(a)} vs ${v}`).toBeLessThanOrEqual(k.endsWith('Sec') ? 0.05 + 1e-9 : 0.00005 + 1e-12);
    }
  }
}

/** What the repository does in SQL, done here with the module's own bucketKey and addCall. */
function aggregateByBucket(calls: RawCall[], grain: Grain, timeZone: string, t: Thresholds): Map<string, CallAgg> {
  const m = new Map<string, CallAgg>();
  for (const c of calls) {
    const k = bucketKey(c.at, grain, timeZone);
    m.set(k, addCall(m.get(k) ?? emptyCallAgg(), c, t));
  }
  return m;
}

function reportOf(calls: RawCall[], from: string, to: string, timeZone: string, by: ReportBy, t: Thresholds, intervalMin: 15 | 30 | 60 = 60) {
  const period = periodOf(from, to, timeZone);
  const inPeriod = calls.filter((c) => c.at >= period.start && c.at < period.end);
  const grain = grainOf(by, intervalMin);
  if (!grain) throw new Error('time dimension expected');
  const rows = [...aggregateByBucket(inPeriod, grain, timeZone, t)].map(([key, calls]) => ({ key, calls }));
  const hourly = [...aggregateByBucket(inPeriod, { kind: 'interval', minutes: 60 }, timeZone, t)].map(([key, calls]) => ({ key, calls }));
  const total = inPeriod.reduce((a, c) => addCall(a, c, t), emptyCallAgg());
  return {
    period,
    inPeriod,
    report: buildReport({
      period,
      by,
      intervalMin,
      thresholds: t,
      total: { key: 'total', calls: total, agentTime: { busyMs: 0, availableMs: 0 }, callbacks: emptyCallbackAgg(), tickets: emptyTicketAgg(), qa: emptyQaAgg() },
      rows,
      hourly,
      topChecks: [],
    }),
  };
}

describe('KPI figures against plain loops over the calls', () => {
  const cases: Array<{ zone: string; by: ReportBy; interval?: 15 | 30 | 60; t: Thresholds; seed: number }> = [
    { zone: 'Asia/Shanghai', by: 'day', t: { t1Sec: 15, t2Sec: 20 }, seed: 1 },
    { zone: 'Asia/Shanghai', by: 'interval', interval: 15, t: { t1Sec: 15, t2Sec: 20 }, seed: 2 },
    { zone: 'Asia/Shanghai', by: 'interval', interval: 30, t: { t1Sec: 10, t2Sec: 30 }, seed: 3 },
    { zone: 'Asia/Kolkata', by: 'interval', interval: 60, t: { t1Sec: 20, t2Sec: 60 }, seed: 4 },
    { zone: 'America/New_York', by: 'day', t: { t1Sec: 15, t2Sec: 20 }, seed: 5 },
    { zone: 'America/New_York', by: 'week', t: { t1Sec: 15, t2Sec: 20 }, seed: 6 },
    { zone: 'Asia/Shanghai', by: 'month', t: { t1Sec: 15, t2Sec: 20 }, seed: 7 },
  ];
  for (const c of cases) {
    it(`${c.zone} by ${c.by}${c.interval ? ` ${c.interval} min` : ''}, T ${c.t.t1Sec}/${c.t.t2Sec} s`, () => {
      // 2026-10-20 … 2026-11-14 spans New York's fall-back night (1 November)
      const from = c.by === 'month' ? '2026-10-15' : '2026-10-28';
      const to = c.by === 'month' ? '2026-12-10' : '2026-11-04';
      const wide = periodOf('2026-10-10', '2026-12-20', 'UTC');
      const calls = randomCalls(c.by === 'interval' ? 6000 : 3000, wide.start, wide.end, c.seed);
      const { report, inPeriod, period } = reportOf(calls, from, to, c.zone, c.by, c.t, c.interval);
      const grain = grainOf(c.by, c.interval ?? 60) as Grain;

      // every call of the period lands in exactly one row, and the rows are the buckets in order
      const expectedKeys = [...new Set(bucketsOf(period, grain).map((b) => b.key))];
      expect(report.rows.map((r) => r.key)).toEqual(expectedKeys);
      const groups = new Map<string, RawCall[]>();
      for (const call of inPeriod) {
        const k = oracleKey(call.at, grain, c.zone);
        groups.set(k, [...(groups.get(k) ?? []), call]);
      }
      for (const k of groups.keys()) expect(expectedKeys, `bucket ${k}`).toContain(k);
      for (const row of report.rows) expectFigures(row.calls as unknown as Record<string, unknown>, oracleCallFigures(groups.get(row.key) ?? [], c.t), row.key);
      expectFigures(report.total.calls as unknown as Record<string, unknown>, oracleCallFigures(inPeriod, c.t), 'total');
      expect(report.rows.reduce((s, r) => s + (r.calls?.offered ?? 0), 0)).toBe(report.total.calls.offered);

      // GB/T: answered within 15 s of the answered, whatever T1 is
      const ans = inPeriod.filter((x) => x.direction === 'in' && x.answered);
      const sl15 = share(ans.filter((x) => (x.waitMs ?? 0) <= 15_000).length, ans.length);
      expect(Math.abs((report.gbt.serviceLevel15 ?? 0) - (sl15 ?? 0))).toBeLessThan(0.00006);

      // heat map: offered per local weekday and hour
      const heat = new Map<string, number>();
      for (const x of inPeriod) {
        if (x.direction !== 'in' || !(x.answered || (x.abandoned && (x.waitMs ?? 0) >= 5000))) continue;
        const w = wall(x.at, c.zone);
        const wd = ((new Date(`${w.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
        heat.set(`${wd}-${w.hour}`, (heat.get(`${wd}-${w.hour}`) ?? 0) + 1);
      }
      for (const cell of report.heatmap) expect(cell.offered, `heat ${cell.weekday} ${cell.hour}`).toBe(heat.get(`${cell.weekday}-${cell.hour}`) ?? 0);
    });
  }

  it('the worst 24 hours: every window of 24 whole hours, counted over the raw calls', () => {
    for (const zone of ['Asia/Shanghai', 'Asia/Kolkata']) {
      const period = periodOf('2026-12-01', '2026-12-05', zone);
      // a bad afternoon on 3 December
      const calls = randomCalls(4000, period.start, period.end, 11).map((x) => {
        const bad = x.at > period.start + 2.6 * 86_400_000 && x.at < period.start + 2.8 * 86_400_000;
        return bad && x.direction === 'in' && x.answered ? { ...x, answered: false, abandoned: true, waitMs: 50_000 } : x;
      });
      const { report } = reportOf(calls, '2026-12-01', '2026-12-05', zone, 'day', { t1Sec: 15, t2Sec: 20 });
      let worst: number | null = null;
      let worstStart = 0;
      for (let h = period.start; h + 86_400_000 <= period.end; h += 3_600_000) {
        const w = calls.filter((x) => x.at >= h && x.at < h + 86_400_000 && x.direction === 'in');
        const answered = w.filter((x) => x.answered).length;
        const offered = answered + w.filter((x) => !x.answered && x.abandoned && (x.waitMs ?? 0) >= 5000).length;
        if (offered && (worst === null || answered / offered < worst)) [worst, worstStart] = [answered / offered, h];
      }
      expect(Math.abs((report.gbt.worstAnswerRate24h ?? -1) - (worst ?? 0))).toBeLessThan(0.00006);
      expect(report.gbt.worstWindowStart).toBe(oracleKey(worstStart, { kind: 'interval', minutes: 60 }, zone));
      expect(report.gbt.answerRateMet).toBe((worst ?? 0) >= 0.95);
    }
  });

  it('buckets merge: a day is the sum of its 15-minute intervals', () => {
    const period = periodOf('2026-12-01', '2026-12-01', 'Asia/Shanghai');
    const t = { t1Sec: 15, t2Sec: 20 };
    const calls = randomCalls(800, period.start, period.end, 21);
    const intervals = aggregateByBucket(calls, { kind: 'interval', minutes: 15 }, 'Asia/Shanghai', t);
    const merged = [...intervals.values()].reduce((a, b) => mergeCallAgg(a, b), emptyCallAgg());
    expect(merged).toEqual(calls.reduce((a, c) => addCall(a, c, t), emptyCallAgg()));
  });
});

describe('ticket figures', () => {
  it('rates from random tickets, against counts of the tickets themselves', () => {
    const r = rng(99);
    const tickets = Array.from({ length: 500 }, () => {
      const merged = r() < 0.05;
      const finished = !merged && r() < 0.7;
      const dispatched = !merged && r() < 0.8;
      const surveyed = finished && r() < 0.6;
      const sat = r();
      return {
        merged,
        finished,
        onTime: finished && r() < 0.85,
        dispatched,
        returned: dispatched && r() < 0.1,
        extended: dispatched && r() < 0.07,
        surveyed,
        result: surveyed ? (sat < 0.7 ? 'satisfied' : sat < 0.9 ? 'basically' : 'unsatisfied') : null,
        onCall: !merged && !dispatched && r() < 0.5,
        overdue: !finished && !merged && r() < 0.2,
      };
    });
    const count = (f: (x: (typeof tickets)[number]) => boolean) => tickets.filter(f).length;
    const f = ticketFigures({
      created: tickets.length,
      merged: count((x) => x.merged),
      finished: count((x) => x.finished),
      finishedOnTime: count((x) => x.onTime),
      overdueNow: count((x) => x.overdue),
      dispatched: count((x) => x.dispatched),
      returned: count((x) => x.returned),
      extended: count((x) => x.extended),
      surveyed: count((x) => x.surveyed),
      satisfied: count((x) => x.result === 'satisfied'),
      basicallySatisfied: count((x) => x.result === 'basically'),
      unsatisfied: count((x) => x.result === 'unsatisfied'),
      closedOnCall: count((x) => x.onCall),
    });
    const live = tickets.filter((x) => !x.merged);
    const fin = tickets.filter((x) => x.finished);
    const disp = tickets.filter((x) => x.dispatched);
    const surv = tickets.filter((x) => x.surveyed);
    expectFigures(f as unknown as Record<string, unknown>, {
      finishRate: fin.length / live.length,
      onTimeRate: fin.filter((x) => x.onTime).length / fin.length,
      returnRate: disp.filter((x) => x.returned).length / disp.length,
      extensionRate: disp.filter((x) => x.extended).length / disp.length,
      surveyRate: surv.length / fin.length,
      satisfactionRate: surv.filter((x) => x.result !== 'unsatisfied').length / surv.length,
      fcrRate: live.filter((x) => x.onCall).length / live.length,
    }, 'tickets');
    expect(ticketFigures(emptyTicketAgg()).finishRate).toBeNull();
  });
});

describe('periods', () => {
  it('refuses bad dates and reversed or overlong ranges', () => {
    expect(() => periodOf('2026-02-30', '2026-03-01', 'Asia/Shanghai')).toThrow(PeriodError);
    expect(() => periodOf('2026-12-31', '2026-12-01', 'Asia/Shanghai')).toThrow(/before/);
    expect(() => periodOf('2025-01-01', '2026-12-31', 'Asia/Shanghai')).toThrow(/at most/);
    const p = periodOf('2026-12-01', '2026-12-31', 'Asia/Shanghai');
    expect(new Date(p.start).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('a month of 15-minute intervals, and the New York fall-back night with its repeated hour in one bucket', () => {
    expect(bucketsOf(periodOf('2026-12-01', '2026-12-31', 'Asia/Shanghai'), { kind: 'interval', minutes: 15 })).toHaveLength(31 * 96);
    const ny = bucketsOf(periodOf('2026-11-01', '2026-11-01', 'America/New_York'), { kind: 'interval', minutes: 60 });
    expect(ny).toHaveLength(24);
    const one = ny.find((b) => b.key === '2026-11-01T01:00');
    expect(one && one.end - one.start).toBe(2 * 3_600_000);
  });
});
