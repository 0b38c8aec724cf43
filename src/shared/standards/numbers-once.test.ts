/**
 * The numbers the call rules state (rings, speech rate, dead air, interruption, silent-call prompt
 * gap) live in `callRules` only: the QA engine, the workbench (SOP and live warnings) and the
 * simulator all read them from there, and packs written with the old `qa.thresholds` copies still load.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { createAssist } from '../assist/index.js';
import { simulateTraffic, makeAgents } from '../cti/simulate.js';
import { toQaTranscript } from '../cti/transcript.js';
import type { CallEvent } from '../cti/events.js';
import { thresholdsSchema } from '../qa/config.js';
import { checkCall, compileQa, violatedChecks } from '../qa/engine.js';
import { parseTranscript } from '../qa/transcript.js';
import { sopStages } from '../workbench/sop.js';
import { readStoredPack } from './legacy.js';
import { toQaConfig } from './qa.js';
import { packThresholdsSchema, thresholdsFromCallRules, valueAt, type Pack } from './schema.js';
import { validatePackFiles, validatePackValue } from './validate.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const minimal = readFileSync(fileURLToPath(new URL('./fixtures/minimal.yaml', import.meta.url)), 'utf8');

let gov: Pack;
beforeAll(async () => {
  gov = (await loadPack(`${root}standards/government-12345`)).pack;
});

/** The 12345 pack with call rules that differ from every QA default. */
function unusual(): Pack {
  const p = structuredClone(gov);
  p.callRules.answer.maxRings = 1;
  p.callRules.speechRate = { min: 150, max: 260 };
  p.callRules.deadAirSeconds = 12;
  p.callRules.interruptionSeconds = 3;
  p.callRules.silentCall.promptGapSeconds = 6;
  return p;
}

describe('the numbers of the call rules, stated once', () => {
  it('every QA threshold is either the pack’s own or read from callRules, never both', () => {
    const own = Object.keys(packThresholdsSchema.shape);
    const fromRules = Object.keys(thresholdsFromCallRules);
    expect(own.filter((k) => fromRules.includes(k))).toEqual([]);
    expect([...own, ...fromRules].sort()).toEqual(Object.keys(thresholdsSchema.shape).sort());
    for (const t of Object.values(thresholdsFromCallRules)) expect(typeof valueAt(gov, t.path), t.path.join('.')).toBe('number');
    expect(Object.keys(gov.qa.thresholds).filter((k) => fromRules.includes(k))).toEqual([]);
  });

  it('QA, the workbench and the simulator read the same rings, speech rate and dead air', () => {
    const p = unusual();
    expect(toQaConfig(p).thresholds).toMatchObject({ maxRings: 1, speechRateMin: 150, speechRateMax: 260, deadAirMs: 12_000, interruptionOverlapMs: 3000, silentPromptGapMs: 6000 });

    // the workbench: the apology comes first past 1 ring; the live warnings use the same limits
    expect(sopStages(p, { vars: {}, rings: 1 })[0]!.say[0]!.key).toBe('identity.greeting');
    expect(sopStages(p, { vars: {}, rings: 2 })[0]!.say[0]!.key).toBe('callRules.answer.apologies.0');
    const assist = createAssist(p);
    const line = (cpm: number) => [{ text: '您'.repeat(cpm), startMs: 0, endMs: 60_000 }];
    expect(assist.speechRate(line(200))).toMatchObject({ status: 'ok', min: 150, max: 260 });
    expect(assist.speechRate(line(270)).status).toBe('fast');
    expect(assist.speechRate(line(140)).status).toBe('slow');
    expect(assist.deadAir(12)).toMatchObject({ limitSeconds: 12, exceeded: false });
    expect(assist.deadAir(13).exceeded).toBe(true);

    // the simulator apologises exactly when QA expects it: no late-answer finding on a call without mistakes
    const traffic = simulateTraffic(p, { start: new Date('2026-11-23T09:00:00+08:00'), durationMs: 3_600_000, ratePerSecond: 0.05, agents: makeAgents(6), seed: 5, mistakeRate: 0 });
    const compiled = compileQa(toQaConfig(p));
    const events = new Map<string, CallEvent[]>();
    for (const e of traffic.events) if (e.type !== 'agent.state') events.set(e.callId, [...(events.get(e.callId) ?? []), e]);
    const answered = traffic.calls.filter((c) => c.outcome === 'answered');
    const late = answered.filter((c) => Math.ceil(c.ringMs! / p.qa.thresholds.ringMs) > 1);
    expect(late.length).toBeGreaterThan(5);
    for (const call of answered) {
      const parsed = parseTranscript(JSON.parse(JSON.stringify(toQaTranscript(events.get(call.callId)!, { org: p.identity.org, agentName: call.agentName }))));
      if (!parsed.ok) throw new Error(parsed.error);
      expect(violatedChecks(checkCall(parsed.transcript, compiled)), call.callId).not.toContain('answer.late-no-apology');
    }
  });
});

describe('packs that still repeat a number under qa.thresholds', () => {
  const withQa = (qa: string) => [{ name: 'm.yaml', text: `${minimal}qa:\n  thresholds: ${qa}\n` }];

  it('load with a warning at the old key when it says what callRules says', () => {
    const r = validatePackFiles(withQa('{ maxRings: 3, speechRateMax: 300, deadAirMs: 10000 }'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([
      '68:17 qa.thresholds.maxRings: qa.thresholds.maxRings is read from callRules.answer.maxRings now; remove it here',
      '68:30 qa.thresholds.speechRateMax: qa.thresholds.speechRateMax is read from callRules.speechRate.max now; remove it here',
      '68:50 qa.thresholds.deadAirMs: qa.thresholds.deadAirMs is read from callRules.deadAirSeconds now; remove it here',
    ]);
    expect(toQaConfig(r.pack).thresholds).toMatchObject({ maxRings: 3, speechRateMax: 300, deadAirMs: 10_000 });
  });

  it('are refused when the two disagree, saying where the number lives', () => {
    const r = validatePackFiles(withQa('{ maxRings: 4, deadAirMs: 8000 }'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`)).toEqual([
      '68:17 qa.thresholds.maxRings: qa.thresholds.maxRings = 4 disagrees with callRules.answer.maxRings = 3: the pack states this number once, in callRules.answer.maxRings; put the number you mean there and remove qa.thresholds.maxRings',
      '68:30 qa.thresholds.deadAirMs: qa.thresholds.deadAirMs = 8000 disagrees with callRules.deadAirSeconds = 10 (10000 ms): the pack states this number once, in callRules.deadAirSeconds; put the number you mean there and remove qa.thresholds.deadAirMs',
    ]);
  });

  it('as an object (the API) the same, without positions', () => {
    const old = structuredClone(gov) as unknown as { qa: { thresholds: Record<string, number> } };
    old.qa.thresholds.maxRings = 3;
    expect(validatePackValue(old)).toMatchObject({ ok: true, warnings: [{ path: 'qa.thresholds.maxRings' }] });
    old.qa.thresholds.speechRateMin = 100;
    expect(validatePackValue(old)).toMatchObject({ ok: false, errors: [{ path: 'qa.thresholds.speechRateMin', message: expect.stringContaining('disagrees with callRules.speechRate.min = 120') }] });
  });

  it('a version stored before the move is read with callRules winning (it was accepted then; versions are immutable)', () => {
    // what every stored version holds: the QA defaults merged in, here at odds with the call rules
    const stored = structuredClone(unusual()) as unknown as { qa: { thresholds: Record<string, number> } };
    Object.assign(stored.qa.thresholds, { maxRings: 3, speechRateMin: 120, speechRateMax: 300, deadAirMs: 10_000, interruptionOverlapMs: 2000, silentPromptGapMs: 5000 });
    const pack = readStoredPack(stored);
    expect(Object.keys(pack.qa.thresholds).filter((k) => k in thresholdsFromCallRules)).toEqual([]);
    expect(toQaConfig(pack).thresholds).toMatchObject({ maxRings: 1, speechRateMin: 150, speechRateMax: 260, deadAirMs: 12_000 });
    // and it validates again as it is read (the web saves a scenario edit of the active version)
    expect(validatePackValue(pack).ok).toBe(true);
    expect(stored.qa.thresholds.maxRings).toBe(3);
  });

  it('a stored version is parsed with the pack schema, not cast: defaults filled in, a broken one named', () => {
    const stored = structuredClone(gov) as unknown as Record<string, unknown> & { qa: Record<string, unknown> };
    delete stored.customerTypes; // a field with a default that a version stored long ago may lack
    delete stored.qa.scenarioForbiddenWeight;
    const pack = readStoredPack(stored, 'v-old');
    expect(pack.customerTypes).toEqual([]);
    expect(pack.qa.scenarioForbiddenWeight).toBe(10);
    expect(readStoredPack({}, 'v-old')).toBe(pack); // immutable versions: parsed once per id
    const broken = structuredClone(gov) as unknown as { callRules: { answer: { maxRings: unknown } } };
    broken.callRules.answer.maxRings = 'three';
    expect(() => readStoredPack(broken, 'v-broken')).toThrow(/version v-broken does not validate: callRules\.answer\.maxRings: /);
  });
});
