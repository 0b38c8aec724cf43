/**
 * Erlang B, Erlang C and Erlang A (Palm, M/M/N+M) for staffing a hotline.
 *
 * Pure and dependency-free: the CLI, the server's weekly forecast and the browser's calculator run this same code.
 * Every quantity is computed without factorials or powers that overflow: Erlang B comes from its recursion in log
 * space, and Erlang A's queue sums are accumulated as logarithms, so 2,500 Erlangs or more are no harder than 5.
 * See docs/staffing.md for the formulas and what each model assumes.
 */

/** A number that makes no sense for the model (zero agents, an unstable queue, a negative time). */
export class StaffingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffingError';
  }
}

export interface StaffingMetrics {
  /** Offered load in Erlangs: calls per second × average handle time in seconds. */
  intensity: number;
  /** Agents on the phones (before shrinkage). */
  agents: number;
  /** Share of callers who have to wait at all (all agents busy on arrival). */
  probWait: number;
  /** Erlang C: P(wait ≤ T). Erlang A: the share of ALL callers answered within T (abandoned callers count against it). */
  serviceLevel: number;
  /** Share of the agents' time spent handling calls. */
  occupancy: number;
  /** Average speed of answer: mean wait of the answered callers, those answered at once included. */
  asaSec: number;
}

export interface ErlangAMetrics extends StaffingMetrics {
  /** Share of callers who hang up before an agent answers. */
  probAbandon: number;
}

export interface ErlangCParams {
  intensity: number;
  agents: number;
  ahtSec: number;
  targetSec: number;
}

export interface ErlangAParams extends ErlangCParams {
  /** Mean patience of a waiting caller (exponentially distributed), in seconds. */
  patienceSec: number;
}

/** Offered load in Erlangs of `calls` arriving over `intervalMin` minutes, each taking `ahtSec` seconds of handling. */
export function trafficIntensity(calls: number, intervalMin: number, ahtSec: number): number {
  finiteAtLeast('calls', calls, 0);
  positive('interval', intervalMin);
  positive('average handle time', ahtSec);
  return (calls * ahtSec) / (intervalMin * 60);
}

/** Agents to schedule so that `agents` are on the phones when a share `shrinkage` of paid time is lost to breaks, training, absence. */
export function scheduledAgents(agents: number, shrinkage: number): number {
  if (!Number.isFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) throw new StaffingError(`shrinkage must be at least 0 and below 1, got ${shrinkage}`);
  // A tiny tolerance keeps 10 / (1 − 0.2) = 12.5000000001 from becoming 13 through rounding noise.
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

/** log(e^a + e^b) without overflow. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(1/B(N, A)) by the Erlang B recursion 1/B(n) = 1 + (n/A)·(1/B(n−1)), 1/B(0) = 1, carried in log space.
 * It is the recursion B(n) = A·B(n−1) / (n + A·B(n−1)) turned upside down, so it neither underflows nor overflows.
 */
function logInverseErlangB(intensity: number, agents: number): number {
  let l = 0;
  const logA = Math.log(intensity);
  for (let n = 1; n <= agents; n++) {
    const z = Math.log(n) - logA + l; // log((n/A)·(1/B(n−1)))
    l = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
  return l;
}

/** Erlang B: the share of calls lost when `agents` serve `intensity` Erlangs with no queue. */
export function erlangB(intensity: number, agents: number): number {
  checkLoad(intensity, agents);
  if (intensity === 0) return agents === 0 ? 1 : 0;
  return Math.exp(-logInverseErlangB(intensity, agents));
}

/** Erlang C: the probability that a caller waits, from Erlang B: C = N·B / (N − A·(1 − B)). Needs N > A. */
export function erlangC(intensity: number, agents: number): number {
  checkLoad(intensity, agents);
  if (intensity === 0) return 0;
  if (agents <= intensity) throw unstable(intensity, agents);
  const b = erlangB(intensity, agents);
  return (agents * b) / (agents - intensity * (1 - b));
}

function unstable(intensity: number, agents: number): StaffingError {
  return new StaffingError(
    `${agents} agents cannot carry ${round(intensity)} Erlangs: with no more agents than the load, the Erlang C queue grows without end (callers who never hang up); use more than ${Math.floor(intensity)} agents, or the Erlang A model, in which waiting callers hang up`,
  );
}

/** Erlang C (M/M/N, callers never hang up): waiting probability, service level P(wait ≤ T), ASA and occupancy. */
export function erlangCMetrics(p: ErlangCParams): StaffingMetrics {
  checkParams(p);
  const { intensity: a, agents: n, ahtSec, targetSec } = p;
  if (a === 0) return { intensity: 0, agents: n, probWait: 0, serviceLevel: 1, occupancy: 0, asaSec: 0 };
  const c = erlangC(a, n);
  return {
    intensity: a,
    agents: n,
    probWait: c,
    serviceLevel: 1 - c * Math.exp((-(n - a) * targetSec) / ahtSec),
    occupancy: a / n,
    asaSec: (c * ahtSec) / (n - a),
  };
}

/**
 * Erlang A (Palm's M/M/N+M: exponential service and exponential patience).
 *
 * With x = N·patience/AHT and y = A·patience/AHT, the steady state has π(N+j) = π(N)·y^j / ((x+1)(x+2)…(x+j)) for j
 * callers in the queue and π(n) ∝ A^n/n! below N, so P(all busy) = S·B / (1 + (S − 1)·B) with S = Σ_j y^j/(x+1)…(x+j)
 * (Mandelbaum & Zeltyn's A(x, y)) and B the Erlang B value. A caller who finds j waiting moves up at rate
 * (N/AHT + k/patience) with k callers ahead, so the time until an agent would take them is the (j+1)-th smallest of
 * x+j exponential times of rate 1/patience: P(it is ≤ t) = I_{1−e^{−t/patience}}(j+1, x) (regularised incomplete beta).
 * Folding in the caller's own patience gives
 *   P(answered | j) = x/(x+j+1),
 *   P(answered within T | j) = x/(x+j+1) · I_p(j+1, x+1), p = 1 − e^{−T/patience},
 *   E[wait · 1{answered} | j] = x/(x+j+1) · patience · Σ_{k=1}^{j+1} 1/(x+k).
 * The sums over j run in log space until the terms are below 1e-17 of the total.
 */
export function erlangAMetrics(p: ErlangAParams): ErlangAMetrics {
  checkParams(p);
  positive('patience', p.patienceSec);
  const { intensity: a, agents: n, ahtSec, targetSec, patienceSec } = p;
  if (a === 0) return { intensity: 0, agents: n, probWait: 0, serviceLevel: 1, occupancy: 0, asaSec: 0, probAbandon: 0 };
  const x = (n * patienceSec) / ahtSec;
  const y = (a * patienceSec) / ahtSec;
  const logY = Math.log(y);
  // The queue peaks near y − x callers; beyond a few million the sums would take seconds and gigabytes.
  if (y - x > MAX_QUEUE) throw new StaffingError(`with ${n} agents for ${round(a)} Erlangs and callers this patient, over ${MAX_QUEUE.toLocaleString('en')} callers would be queuing; add agents or shorten the patience`);

  // log of π(N+j)/π(N), j = 0, 1, …: rises while y > x + j, then falls; stop well past the peak.
  const logTerms: number[] = [];
  let t = 0;
  let logS = -Infinity;
  for (let j = 0; ; j++) {
    if (j > 0) t += logY - Math.log(x + j);
    logTerms.push(t);
    logS = logAddExp(logS, t);
    if (x + j + 1 > y && t < logS - 40) break;
    if (j > 50_000_000) throw new StaffingError('the Erlang A queue sum did not settle; check the inputs');
  }
  // Below N: Σ_{n<N} π(n)/π(N) = 1/B − 1.
  const logInvB = logInverseErlangB(a, n);
  const logBelow = logInvB + Math.log1p(-Math.exp(-logInvB));
  const logZ = logAddExp(logBelow, logS);
  const probNoWait = Math.exp(logBelow - logZ);

  // Negative binomial terms give Q_j = 1 − I_p(j+1, x+1) = Σ_{k≤j} Γ(x+1+k)/(Γ(x+1)k!) · q^(x+1) · p^k, q = e^{−T/patience}.
  const logQ = -targetSec / patienceSec;
  const logP = targetSec > 0 ? Math.log(-Math.expm1(logQ)) : -Infinity;
  let logR = (x + 1) * logQ;
  let q = 0;
  let harmonic = 0;
  let probWait = 0;
  let served = 0;
  let servedWithin = 0;
  let servedWait = 0;
  for (let j = 0; j < logTerms.length; j++) {
    if (j > 0) logR += Math.log((x + j) / j) + logP;
    q = Math.min(1, q + Math.exp(logR));
    harmonic += 1 / (x + j + 1);
    const pi = Math.exp((logTerms[j] as number) - logZ);
    const answered = x / (x + j + 1);
    probWait += pi;
    served += pi * answered;
    servedWithin += pi * answered * (1 - q);
    servedWait += pi * answered * harmonic * patienceSec;
  }
  const probAbandon = Math.max(0, probWait - served);
  return {
    intensity: a,
    agents: n,
    probWait,
    serviceLevel: probNoWait + servedWithin,
    occupancy: Math.min(1, (a * (1 - probAbandon)) / n),
    asaSec: servedWait / (1 - probAbandon),
    probAbandon,
  };
}

/** Queue lengths beyond which Erlang A is not summed (see erlangAMetrics). */
const MAX_QUEUE = 2_000_000;

export interface TargetParams {
  /** Required service level, 0 < target ≤ 1 (Erlang A: share of all callers answered within T). */
  targetSl: number;
  /** Highest acceptable occupancy, 0 < maxOccupancy ≤ 1 (1 = no limit). */
  maxOccupancy?: number;
}

/** The smallest number of agents meeting the service level target and the occupancy cap under Erlang C. */
export function erlangCAgentsFor(p: Omit<ErlangCParams, 'agents'> & TargetParams): StaffingMetrics {
  checkTarget(p);
  checkTimes(p.intensity, p.ahtSec, p.targetSec);
  if (p.intensity === 0) return erlangCMetrics({ ...p, agents: 0 });
  const lowest = Math.floor(p.intensity) + 1;
  return smallest(lowest, (agents) => erlangCMetrics({ ...p, agents }), p);
}

/** The smallest number of agents meeting the service level target and the occupancy cap under Erlang A. */
export function erlangAAgentsFor(p: Omit<ErlangAParams, 'agents'> & TargetParams): ErlangAMetrics {
  checkTarget(p);
  checkTimes(p.intensity, p.ahtSec, p.targetSec);
  positive('patience', p.patienceSec);
  if (p.intensity === 0) return erlangAMetrics({ ...p, agents: 0 });
  // Fewer agents than this leave a queue of over a million callers: no service level worth the name.
  const lowest = Math.max(1, Math.ceil(p.intensity - (MAX_QUEUE / 2) * (p.ahtSec / p.patienceSec)));
  return smallest(lowest, (agents) => erlangAMetrics({ ...p, agents }), p);
}

/** Service level rises and occupancy falls with each agent, so the first agent count meeting both is found by bisection. */
function smallest<M extends StaffingMetrics>(lowest: number, evaluate: (agents: number) => M, target: TargetParams & { intensity: number }): M {
  const ceiling = Math.ceil(10 * target.intensity) + 1000;
  const maxOcc = target.maxOccupancy ?? 1;
  const meets = (m: M): boolean => m.serviceLevel >= target.targetSl - 1e-12 && m.occupancy <= maxOcc + 1e-12;
  let lo = lowest;
  let step = Math.max(1, Math.ceil(ceiling / 64));
  let hi = lowest;
  let best = evaluate(hi);
  while (!meets(best)) {
    lo = hi + 1;
    hi += step;
    step *= 2;
    if (hi > ceiling) throw new StaffingError(`no number of agents up to ${ceiling} meets this target; lower the target or raise the occupancy cap`);
    best = evaluate(hi);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const m = evaluate(mid);
    if (meets(m)) {
      hi = mid;
      best = m;
    } else lo = mid + 1;
  }
  return best;
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function positive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new StaffingError(`${name} must be a positive number, got ${v}`);
}

function finiteAtLeast(name: string, v: number, min: number): void {
  if (!Number.isFinite(v) || v < min) throw new StaffingError(`${name} must be a number of at least ${min}, got ${v}`);
}

function checkLoad(intensity: number, agents: number): void {
  finiteAtLeast('intensity', intensity, 0);
  if (!Number.isInteger(agents) || agents < 0) throw new StaffingError(`agents must be a whole number, got ${agents}`);
}

function checkTimes(intensity: number, ahtSec: number, targetSec: number): void {
  finiteAtLeast('intensity', intensity, 0);
  positive('average handle time', ahtSec);
  finiteAtLeast('target answer time', targetSec, 0);
}

function checkParams(p: ErlangCParams): void {
  checkTimes(p.intensity, p.ahtSec, p.targetSec);
  if (!Number.isInteger(p.agents) || p.agents < 1) {
    if (!(p.intensity === 0 && p.agents === 0)) throw new StaffingError(`agents must be a whole number of at least 1, got ${p.agents}`);
  }
}

function checkTarget(p: TargetParams): void {
  if (!Number.isFinite(p.targetSl) || p.targetSl <= 0 || p.targetSl > 1) throw new StaffingError(`the service level target must be above 0 and at most 1 (e.g. 0.8), got ${p.targetSl}`);
  const o = p.maxOccupancy;
  if (o !== undefined && (!Number.isFinite(o) || o <= 0 || o > 1)) throw new StaffingError(`the maximum occupancy must be above 0 and at most 1 (e.g. 0.85), got ${o}`);
}
