import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkIds, defaultQaConfig, qaConfigSchema } from './config.js';
import { checkCall, compileQa, violatedChecks } from './engine.js';
import { parseTranscript, type Transcript } from './transcript.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const raw = JSON.parse(readFileSync(dir + file, 'utf8')) as { expected: string[]; description: string };
    const parsed = parseTranscript(raw);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
    return { file, expected: raw.expected, description: raw.description, transcript: parsed.transcript };
  });

const compiled = compileQa(defaultQaConfig);

describe('fixtures: exact set of violated checks', () => {
  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_file, f) => {
    const result = checkCall(f.transcript, compiled);
    expect(violatedChecks(result).sort(), f.description).toEqual([...f.expected].sort());
  });

  it('covers every check with at least two violating and two passing calls', () => {
    for (const id of checkIds) {
      const violating = fixtures.filter((f) => f.file.startsWith(`${id}.v`));
      const passing = fixtures.filter((f) => f.file.startsWith(`${id}.ok`));
      expect(violating.length, id).toBeGreaterThanOrEqual(2);
      expect(passing.length, id).toBeGreaterThanOrEqual(2);
      for (const f of violating) expect(f.expected, f.file).toContain(id);
      for (const f of passing) expect(f.expected, f.file).not.toContain(id);
    }
  });
});

const byName = (name: string): Transcript => fixtures.find((f) => f.file === `${name}.json`)!.transcript;

describe('results', () => {
  it('scores 100 minus the weight of each violated check, once per call', () => {
    const r = checkCall(byName('taboo.phrase.v3'), compiled);
    expect(r.violations.filter((v) => v.check === 'taboo.phrase')).toHaveLength(2);
    expect(r.score).toBe(100 - defaultQaConfig.weights['taboo.phrase']);
    expect(r.fatal).toBe(false);
  });

  it('abuse and privacy disclosure are fatal with score 0', () => {
    for (const name of ['taboo.phrase.v2', 'privacy.disclosure.v1', 'privacy.disclosure.v2']) {
      const r = checkCall(byName(name), compiled);
      expect(r.fatal, name).toBe(true);
      expect(r.score, name).toBe(0);
    }
  });

  it('quotes the original text of the segment as evidence', () => {
    const r = checkCall(byName('privacy.disclosure.v3'), compiled);
    expect(r.violations).toEqual([{ check: 'privacy.disclosure', segment: 2, at: 9000, evidence: '师傅的手机是幺三九 一二三四 五六七八。' }]);
  });

  it('uses segment null and the event time for event findings, ordered by time', () => {
    const r = checkCall(byName('transfer.no-notice.v1'), compiled);
    expect(r.violations.map((v) => [v.check, v.segment, v.at])).toEqual([
      ['closing.no-offer', null, 9400],
      ['closing.no-farewell', 2, 9400],
      ['transfer.no-notice', null, 15000],
    ]);
  });

  it('has the JSON shape of the spec', () => {
    const r = checkCall(byName('greeting.incomplete.v1'), compiled);
    expect(Object.keys(r)).toEqual(['id', 'score', 'fatal', 'violations']);
    expect(r).toEqual({ id: 'greeting.incomplete.v1', score: 85, fatal: false, violations: [{ check: 'greeting.incomplete', segment: 0, at: 200, evidence: '您好，星河电器，很高兴为您服务。' }] });
  });

  it('caches the compiled config by object identity', () => {
    expect(compileQa(defaultQaConfig)).toBe(compiled);
    expect(compileQa(qaConfigSchema.parse({}))).not.toBe(compiled);
  });

  it('honours disabled checks and changed weights', () => {
    const config = qaConfigSchema.parse({ disabled: ['greeting.incomplete'], weights: { 'closing.no-offer': 30 } });
    expect(checkCall(byName('greeting.incomplete.v1'), config).violations).toEqual([]);
    expect(checkCall(byName('closing.no-offer.v1'), config).score).toBe(70);
  });

  it('matches phrases written in Traditional characters in a pack', () => {
    const config = qaConfigSchema.parse({ phrases: { farewell: ['再見'] } });
    expect(violatedChecks(checkCall(byName('ok.simple'), config))).toEqual([]);
  });
});
