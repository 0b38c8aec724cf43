import { describe, expect, it } from 'vitest';
import {
  erlangAAgentsFor,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCAgentsFor,
  erlangCMetrics,
  scheduledAgents,
  StaffingError,
  trafficIntensity,
} from './erlang.js';

// ---------------------------------------------------------------------------------------------------------------
// Independent oracles. None of them uses the Erlang B recursion or the closed forms of erlang.ts.
// ---------------------------------------------------------------------------------------------------------------

/** Erlang B and C in exact rational arithmetic from the textbook sums with factorials: A = num/den. */
function exactErlang(num: bigint, den: bigint, n: number): { b: number; c: number } {
  // Every term A^k/k! over the common denominator den^n·n!: num^k · den^(n−k) · n!/k!.
  let sum = 0n;
  let last = 0n;
  for (let k = 0; k <= n; k++) {
    let fall = 1n; // n!/k!
    for (let i = k + 1; i <= n; i++) fall *= BigInt(i);
    last = num ** BigInt(k) * den ** BigInt(n - k) * fall;
    sum += last;
  }
  const bn = last;
  const bd = sum;
  const N = BigInt(n);
  // C = N·B / (N − A(1 − B)) = N·bn·den / (N·bd·den − num·(bd − bn))
  const cn = N * bn * den;
  const cd = N * bd * den - num * (bd - bn);
  const scale = 10n ** 30n;
  return { b: Number((bn * scale) / bd) / 1e30, c: Number((cn * scale) / cd) / 1e30 };
}

/** Erlang B by direct summation of A^k/k! in log space (log k! as a running sum of logs), for loads where factorials overflow. */
function logSumErlangB(a: number, n: number): number {
  let logFact = 0;
  let max = -Infinity;
  const terms: number[] = [];
  for (let k = 0; k <= n; k++) {
    if (k > 0) logFact += Math.log(k);
    const t = k * Math.log(a) - logFact;
    terms.push(t);
    max = Math.max(max, t);
  }
  const sum = terms.reduce((s, t) => s + Math.exp(t - max), 0);
  return Math.exp((terms[n] as number) - max - Math.log(sum));
}

/**
 * Erlang A from the birth–death chain itself: the steady state of states 0…N+K (K large enough that the tail is
 * below 1e-16), abandonment from Little's law (θ·E[queue] / λ), occupancy from E[busy agents] / N. Service level
 * and ASA follow an arriving caller's place in the queue as a system of ODEs integrated with RK4: with i callers
 * ahead it moves up at rate N/AHT + i/patience and hangs up at rate 1/patience.
 */
function chainErlangA(a: number, n: number, ahtSec: number, targetSec: number, patienceSec: number) {
  const mu = 1 / ahtSec;
  const theta = 1 / patienceSec;
  const lambda = a * mu;
  const logPi: number[] = [0];
  for (let s = 1; ; s++) {
    const death = s <= n ? s * mu : n * mu + (s - n) * theta;
    logPi.push((logPi[s - 1] as number) + Math.log(lambda / death));
    if (s > n && lambda < death && (logPi[s] as number) < Math.max(...logPi.slice(-200)) - 45) break;
  }
  const max = Math.max(...logPi);
  const pi = logPi.map((l) => Math.exp(l - max));
  const z = pi.reduce((s, v) => s + v, 0);
  for (let s = 0; s < pi.length; s++) pi[s] = (pi[s] as number) / z;
  let probWait = 0;
  let queue = 0;
  let busy = 0;
  for (let s = 0; s < pi.length; s++) {
    const p = pi[s] as number;
    if (s >= n) probWait += p;
    queue += Math.max(0, s - n) * p;
    busy += Math.min(s, n) * p;
  }
  const probAbandon = (theta * queue) / lambda;
  const occupancy = busy / n;

  // q[i]: probability that the tagged caller is still waiting with i callers ahead.
  const q = pi.slice(n);
  const k = q.length;
  const rate = (i: number): number => n * mu + i * theta;
  const deriv = (v: number[]): number[] => v.map((x, i) => -(rate(i) + theta) * x + (i + 1 < k ? rate(i + 1) * (v[i + 1] as number) : 0));
  const h = Math.min(0.02, 0.25 / (rate(k) + theta));
  let t = 0;
  let served = 0;
  let servedWait = 0;
  let within = -1;
  let v = q;
  const add = (x: number[], d: number[], f: number): number[] => x.map((xi, i) => xi + f * (d[i] as number));
  while (true) {
    if (within < 0 && t >= targetSec - 1e-12) within = served;
    if (within >= 0 && v.reduce((s, x) => s + x, 0) < 1e-15) break;
    // served flux n·mu·q0 and t·flux integrated with the same RK4 stages (Simpson weights on the stage values)
    const k1 = deriv(v);
    const v2 = add(v, k1, h / 2);
    const k2 = deriv(v2);
    const v3 = add(v, k2, h / 2);
    const k3 = deriv(v3);
    const v4 = add(v, k3, h);
    const k4 = deriv(v4);
    const f1 = n * mu * (v[0] as number);
    const f2 = n * mu * (v2[0] as number);
    const f3 = n * mu * (v3[0] as number);
    const f4 = n * mu * (v4[0] as number);
    served += (h / 6) * (f1 + 2 * f2 + 2 * f3 + f4);
    servedWait += (h / 6) * (t * f1 + 2 * (t + h / 2) * (f2 + f3) + (t + h) * f4);
    v = v.map((x, i) => x + (h / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number)));
    t += h;
  }
  return { probWait, probAbandon, occupancy, serviceLevel: 1 - probWait + within, asaSec: servedWait / (1 - probWait + served), servedShare: 1 - probWait + served };
}

// ---------------------------------------------------------------------------------------------------------------

describe('Erlang B and C', () => {
  it('match exact rational arithmetic with factorials for small teams (to 1e-12)', () => {
    const cases: Array<[bigint, bigint, number]> = [
      [48n, 1n, 55], // 360 calls / 30 min × 240 s
      [10n, 1n, 11],
      [10n, 1n, 14],
      [20n, 1n, 21],
      [7n, 2n, 4], // 3.5 Erlangs
      [1n, 3n, 1],
      [120n, 1n, 130],
    ];
    for (const [num, den, n] of cases) {
      const a = Number(num) / Number(den);
      const exact = exactErlang(num, den, n);
      expect(erlangB(a, n)).toBeCloseTo(exact.b, 12);
      expect(erlangC(a, n)).toBeCloseTo(exact.c, 12);
    }
  });

  it('Erlang B for loads where factorials overflow equals a direct log-space sum', () => {
    for (const [a, n] of [
      [200, 190],
      [2500, 2400],
      [2500, 2520],
      [2500, 2600],
      [3000, 2950],
    ] as const) {
      const direct = logSumErlangB(a, n);
      expect(Math.abs(erlangB(a, n) - direct) / direct).toBeLessThan(1e-9);
    }
  });

  it('reproduces the published example of pyworkforce / the R ErlangC package (100 calls in 30 min, AHT 180 s, 20 s, 14 agents)', () => {
    // Published: wait_probability 0.1741319335950498, service_level 0.8883500191794669, occupancy 0.7142857142857143,
    // ASA 7.83593701177724 s, and 0.6821182 for 11 agents; with shrinkage 0.3 and 80 % it schedules 20 positions.
    const intensity = trafficIntensity(100, 30, 180);
    expect(intensity).toBe(10);
    const m = erlangCMetrics({ intensity, agents: 14, ahtSec: 180, targetSec: 20 });
    expect(m.probWait).toBeCloseTo(0.1741319335950498, 12);
    expect(m.serviceLevel).toBeCloseTo(0.8883500191794669, 12);
    expect(m.occupancy).toBeCloseTo(0.7142857142857143, 14);
    expect(m.asaSec).toBeCloseTo(7.83593701177724, 10);
    expect(erlangC(10, 11)).toBeCloseTo(0.6821182, 7);
    const planned = erlangCAgentsFor({ intensity, ahtSec: 180, targetSec: 20, targetSl: 0.8, maxOccupancy: 0.85 });
    expect(planned.agents).toBe(14);
    expect(scheduledAgents(planned.agents, 0.3)).toBe(20);
  });

  it('the classic 360 calls per half hour, 4-minute calls, 55 agents, 15 s example', () => {
    const intensity = trafficIntensity(360, 30, 240);
    expect(intensity).toBe(48);
    const exact = exactErlang(48n, 1n, 55);
    const m = erlangCMetrics({ intensity, agents: 55, ahtSec: 240, targetSec: 15 });
    expect(m.probWait).toBeCloseTo(exact.c, 12); // 0.238700936…
    expect(m.serviceLevel).toBeCloseTo(1 - exact.c * Math.exp((-7 * 15) / 240), 12); // 0.845883…
    expect(m.asaSec).toBeCloseTo((exact.c * 240) / 7, 10); // 8.184 s
    expect(m.occupancy).toBeCloseTo(48 / 55, 15);
  });

  it('is finite and sensible at 2,500 Erlangs and beyond', () => {
    const m = erlangCAgentsFor({ intensity: 2500, ahtSec: 300, targetSec: 15, targetSl: 0.8 });
    expect(m.agents).toBeGreaterThan(2500);
    expect(m.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const fewer = erlangCMetrics({ intensity: 2500, ahtSec: 300, targetSec: 15, agents: m.agents - 1 });
    expect(fewer.serviceLevel).toBeLessThan(0.8);
    for (const a of [500, 1000, 2500, 5000, 20000]) {
      for (const n of [Math.floor(a) + 1, Math.ceil(a * 1.02), a * 2]) {
        const r = erlangCMetrics({ intensity: a, agents: n, ahtSec: 240, targetSec: 20 });
        for (const v of [r.probWait, r.serviceLevel, r.occupancy]) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('refuses an unstable queue and impossible numbers with a clear message', () => {
    expect(() => erlangC(10, 10)).toThrow(/10 agents cannot carry 10 Erlangs/);
    expect(() => erlangCMetrics({ intensity: 10, agents: 0, ahtSec: 180, targetSec: 20 })).toThrow(StaffingError);
    expect(() => erlangCMetrics({ intensity: 10, agents: 12, ahtSec: -1, targetSec: 20 })).toThrow(/average handle time/);
    expect(() => erlangCMetrics({ intensity: 10, agents: 12, ahtSec: 180, targetSec: -5 })).toThrow(/target answer time/);
    expect(() => erlangCAgentsFor({ intensity: 10, ahtSec: 180, targetSec: 20, targetSl: 1.2 })).toThrow(/at most 1/);
    expect(() => scheduledAgents(10, 1)).toThrow(/shrinkage/);
    expect(scheduledAgents(10, 0.2)).toBe(13); // 12.5 → 13
    expect(scheduledAgents(12, 0.25)).toBe(16); // exactly 16, not 17 through rounding noise
  });

  it('the smallest agent count meets both the service level and the occupancy cap', () => {
    const base = { intensity: 48, ahtSec: 240, targetSec: 15 };
    const bySl = erlangCAgentsFor({ ...base, targetSl: 0.8 });
    expect(erlangCMetrics({ ...base, agents: bySl.agents - 1 }).serviceLevel).toBeLessThan(0.8);
    const capped = erlangCAgentsFor({ ...base, targetSl: 0.8, maxOccupancy: 0.8 });
    expect(capped.agents).toBe(60); // 48 / 60 = 0.8 exactly
    expect(capped.agents).toBeGreaterThan(bySl.agents);
  });
});

describe('Erlang A', () => {
  it('matches the birth–death chain and the ODE of a waiting caller (to 1e-7)', () => {
    const cases = [
      { intensity: 10, agents: 13, ahtSec: 180, targetSec: 20, patienceSec: 300 },
      { intensity: 10, agents: 9, ahtSec: 180, targetSec: 20, patienceSec: 60 }, // overloaded: stable only thanks to hang-ups
      { intensity: 3.5, agents: 4, ahtSec: 240, targetSec: 15, patienceSec: 45 },
      { intensity: 48, agents: 50, ahtSec: 240, targetSec: 15, patienceSec: 120 },
      { intensity: 5, agents: 8, ahtSec: 120, targetSec: 0, patienceSec: 30 },
    ];
    for (const p of cases) {
      const m = erlangAMetrics(p);
      const o = chainErlangA(p.intensity, p.agents, p.ahtSec, p.targetSec, p.patienceSec);
      expect(m.probWait).toBeCloseTo(o.probWait, 9);
      expect(m.probAbandon).toBeCloseTo(o.probAbandon, 9);
      expect(1 - m.probAbandon).toBeCloseTo(o.servedShare, 7);
      expect(m.occupancy).toBeCloseTo(o.occupancy, 9);
      expect(m.serviceLevel).toBeCloseTo(o.serviceLevel, 7);
      expect(m.asaSec).toBeCloseTo(o.asaSec, 5);
    }
  });

  it('reproduces the published pyworkforce Erlang A example (100 calls in 30 min, AHT 3 min, 20 s, patience 5 min)', () => {
    // Published (3 decimals): 13 raw positions for 80 % and occupancy ≤ 0.85, service_level 0.858, occupancy 0.750,
    // abandonment 0.025, waiting 0.226, average speed of answer 0.125 min — pyworkforce averages the wait over all
    // callers (abandoned ones included), which is P(abandon) × patience; our asaSec is the mean over answered callers.
    const m = erlangAAgentsFor({ intensity: 10, ahtSec: 180, targetSec: 20, patienceSec: 300, targetSl: 0.8, maxOccupancy: 0.85 });
    expect(m.agents).toBe(13);
    expect(m.serviceLevel).toBeCloseTo(0.858, 3);
    expect(m.occupancy).toBeCloseTo(0.75, 3);
    expect(m.probAbandon).toBeCloseTo(0.025, 3);
    expect(m.probWait).toBeCloseTo(0.226, 3);
    expect((m.probAbandon * 300) / 60).toBeCloseTo(0.125, 3);
    expect(scheduledAgents(m.agents, 0.3)).toBe(19);
  });

  it('agrees with the closed forms of Mandelbaum & Zeltyn: P(W>0) = S·B/(1+(S−1)·B), P(Ab|W>0) = 1/(ρS) + 1 − 1/ρ', () => {
    for (const p of [
      { intensity: 10, agents: 13, ahtSec: 180, targetSec: 20, patienceSec: 300 },
      { intensity: 40, agents: 36, ahtSec: 200, targetSec: 20, patienceSec: 90 },
    ]) {
      const x = (p.agents * p.patienceSec) / p.ahtSec;
      const y = (p.intensity * p.patienceSec) / p.ahtSec;
      // S = A(x, y) = Σ_j y^j / ((x+1)…(x+j)) summed plainly (small cases only)
      let s = 0;
      let term = 1;
      for (let j = 0; j < 5000; j++) {
        if (j > 0) term *= y / (x + j);
        s += term;
      }
      const b = exactErlang(BigInt(p.intensity), 1n, p.agents).b;
      const rho = p.intensity / p.agents;
      const probWait = (s * b) / (1 + (s - 1) * b);
      const m = erlangAMetrics(p);
      expect(m.probWait).toBeCloseTo(probWait, 10);
      expect(m.probAbandon).toBeCloseTo((1 / (rho * s) + 1 - 1 / rho) * probWait, 10);
    }
  });

  it('tends to Erlang C as callers become infinitely patient', () => {
    const c = erlangCMetrics({ intensity: 48, agents: 55, ahtSec: 240, targetSec: 15 });
    const a = erlangAMetrics({ intensity: 48, agents: 55, ahtSec: 240, targetSec: 15, patienceSec: 1e10 });
    expect(a.probWait).toBeCloseTo(c.probWait, 6);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(a.asaSec).toBeCloseTo(c.asaSec, 4);
    expect(a.probAbandon).toBeLessThan(1e-6);
  });

  it('is stable at 2,500 Erlangs: matches the chain in log space and the caller ODE', () => {
    for (const p of [
      { intensity: 2500, agents: 2520, ahtSec: 300, targetSec: 15, patienceSec: 120 },
      { intensity: 2500, agents: 2450, ahtSec: 300, targetSec: 15, patienceSec: 120 },
    ]) {
      const m = erlangAMetrics(p);
      const o = chainErlangA(p.intensity, p.agents, p.ahtSec, p.targetSec, p.patienceSec);
      expect(m.probWait).toBeCloseTo(o.probWait, 9);
      expect(m.probAbandon).toBeCloseTo(o.probAbandon, 9);
      expect(m.occupancy).toBeCloseTo(o.occupancy, 9);
      expect(m.serviceLevel).toBeCloseTo(o.serviceLevel, 6);
      expect(m.asaSec).toBeCloseTo(o.asaSec, 4);
    }
    const plan = erlangAAgentsFor({ intensity: 2500, ahtSec: 300, targetSec: 15, patienceSec: 120, targetSl: 0.8 });
    expect(erlangAMetrics({ intensity: 2500, ahtSec: 300, targetSec: 15, patienceSec: 120, agents: plan.agents - 1 }).serviceLevel).toBeLessThan(0.8);
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.8);
  });

  it('needs fewer agents than Erlang C for the same target, and refuses a zero patience', () => {
    const base = { intensity: 48, ahtSec: 240, targetSec: 15, targetSl: 0.8 };
    expect(erlangAAgentsFor({ ...base, patienceSec: 60 }).agents).toBeLessThanOrEqual(erlangCAgentsFor(base).agents);
    expect(() => erlangAMetrics({ intensity: 10, agents: 10, ahtSec: 180, targetSec: 20, patienceSec: 0 })).toThrow(/patience/);
    // Callers who wait for days with far too few agents: refused quickly instead of summing billions of terms.
    expect(() => erlangAMetrics({ intensity: 2500, agents: 2000, ahtSec: 300, targetSec: 20, patienceSec: 1e9 })).toThrow(/over 2,000,000 callers/);
    // Very patient callers: the smallest team is found, and it is Erlang C's
    const patient = erlangAAgentsFor({ intensity: 2500, ahtSec: 300, targetSec: 15, targetSl: 0.8, patienceSec: 1e7 });
    expect(patient.agents).toBe(erlangCAgentsFor({ intensity: 2500, ahtSec: 300, targetSec: 15, targetSl: 0.8 }).agents);
  });
});
