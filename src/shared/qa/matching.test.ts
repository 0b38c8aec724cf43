import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newNormBuffer, normalizeInto, unitsToString } from '../text/normalize.js';
import { defaultQaConfig, qaConfigSchema, type PhraseListName } from './config.js';
import { checkCall, compileQa, isFatalFinding, scoreFindings } from './engine.js';
import { LiteralTable, listMatches, type CompiledList } from './matching.js';
import { parseTranscript, type Transcript } from './transcript.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const transcripts: Transcript[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const p = parseTranscript(JSON.parse(readFileSync(dir + f, 'utf8')));
    if (!p.ok) throw new Error(f);
    return p.transcript;
  });

const compiled = compileQa(defaultQaConfig);
const buffer = newNormBuffer();

/** An utterance as matching sees it, with the mask of its scan or without (then the hits are read). */
function scanned(text: string, withMask: boolean) {
  normalizeInto(text, buffer);
  const hits = compiled.scanner.scan(buffer.units, buffer.length);
  const norm = unitsToString(buffer.units, buffer.length);
  return withMask ? { norm, hits, mask: compiled.scanner.lastMask } : { norm, hits };
}

describe('phrase lists: the scan mask answers as the hits do', () => {
  const lists: Array<[string, CompiledList]> = [
    ...(Object.entries(compiled.lists) as Array<[PhraseListName, CompiledList]>),
    ...compiled.taboo.map((c) => [`taboo.${c.id}`, c.list] as [string, CompiledList]),
  ];
  const texts = [...new Set(transcripts.flatMap((t) => t.segments.map((s) => s.text)))];

  it('for every list and every utterance of the fixtures', () => {
    expect(lists.every(([, l]) => l.masked)).toBe(true); // the defaults fit in 32 bits
    let matches = 0;
    for (const text of texts) {
      const masked = scanned(text, true);
      const plain = scanned(text, false);
      for (const [name, list] of lists) {
        const m = listMatches(list, masked);
        expect(m, `${name}: ${text}`).toBe(listMatches(list, plain));
        if (m) matches++;
      }
    }
    expect(matches).toBeGreaterThan(100);
  });

  it('rules regexes out in one pass, and still finds a non-empty match behind an empty one', () => {
    const table = new LiteralTable();
    // the first regex matches empty everywhere: the alternation stops there, the one-by-one look does not
    const list = table.list(['/x*/', '/\\d+点/']);
    table.build();
    expect(list.regexAny).not.toBeNull();
    expect(listMatches(list, { norm: '明天3点', hits: [] })).toBe(true);
    expect(listMatches(list, { norm: '明天', hits: [] })).toBe(false);
    // numbered groups would change meaning when joined
    const grouped = table.list(['/(a)\\1/', '/b/']);
    expect(grouped.regexAny).toBeNull();
    expect(listMatches(grouped, { norm: 'aa', hits: [] })).toBe(true);
  });

  it('falls back to the hits for lists beyond the 32 bits of the mask', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `rule-${i}`, name: `规则${i}`, weight: 1, when: { keywords: { any: [`关键词${i}号`] } } }));
    const c = compileQa(qaConfigSchema.parse({ customRules: many }));
    expect(c.rules.some((r) => !r.when.kwAny!.masked)).toBe(true);
    const call = { ...transcripts[0]!, segments: [{ speaker: 'agent' as const, start: 0, end: 3000, text: '您好，关键词39号和关键词2号' }] };
    const found = checkCall(call, c).violations.map((v) => v.check);
    expect(found).toContain('rule-39');
    expect(found).toContain('rule-2');
    expect(found).not.toContain('rule-3');
  });
});

describe('scoring findings again (review of findings)', () => {
  it('gives every fixture its engine score and fatality from its own findings', () => {
    for (const t of transcripts) {
      const r = checkCall(t, compiled);
      const fatal = r.violations.some((v) => isFatalFinding(compiled, v));
      expect(scoreFindings(r.violations, compiled, fatal), t.id).toEqual({ score: r.score, fatal: r.fatal });
    }
  });

  it('drops a check’s weight once none of its findings stands', () => {
    const r = checkCall(transcripts.find((t) => t.id === 'hangup.agent-first.v2')!, compiled);
    const standing = r.violations.filter((v) => v.check !== 'hangup.agent-first');
    expect(scoreFindings(standing, compiled).score).toBe(r.score + compiled.weights.get('hangup.agent-first')!);
  });
});
