// The data of the precision benchmark, shared by bench/qa-precision.ts and
// src/shared/qa/precision.test.ts: the four default packs' QA configurations, the clean
// corpus (as the pack of each call judges it) and the labelled fixtures.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultQaConfig, type QaConfig } from '../src/shared/qa/config.js';
import { checkCall, compileQa, type QaResult } from '../src/shared/qa/engine.js';
import { parseTranscript, type Transcript } from '../src/shared/qa/transcript.js';
import { cleanPacks } from '../src/shared/qa/clean-corpus.js';
import { loadQaConfigFromPack } from '../src/server/modules/standards/standards.loader.js';

const fixtures = fileURLToPath(new URL('../src/shared/qa/fixtures/', import.meta.url));
const standards = fileURLToPath(new URL('../standards/', import.meta.url));

export interface CorpusCall {
  pack: string;
  file: string;
  transcript: Transcript;
  config: QaConfig;
}

function parse(file: string, raw: unknown): Transcript {
  const parsed = parseTranscript(raw);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  return parsed.transcript;
}

/** Every call of the clean corpus with its pack's QA configuration. */
export async function loadCleanCorpus(): Promise<CorpusCall[]> {
  const out: CorpusCall[] = [];
  for (const { id } of cleanPacks) {
    const config = await loadQaConfigFromPack(join(standards, id));
    const dir = join(fixtures, 'clean', id);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const file = `clean/${id}/${name}`;
      out.push({ pack: id, file, config, transcript: parse(file, JSON.parse(readFileSync(join(dir, name), 'utf8'))) });
    }
  }
  return out;
}

export interface LabelledFixture {
  file: string;
  expected: string[];
  transcript: Transcript;
}

/** The labelled violation fixtures (`*.v*.json`): calls that break the checks they list. */
export function loadLabelledFixtures(): LabelledFixture[] {
  return readdirSync(fixtures)
    .filter((f) => /\.v\d+\.json$/.test(f))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as { expected: string[] };
      return { file, expected: raw.expected, transcript: parse(file, raw) };
    });
}

export interface FalseFinding {
  pack: string;
  file: string;
  check: string;
  fatal: boolean;
  evidence: string;
}

export function measurePrecision(corpus: CorpusCall[]) {
  const findings: FalseFinding[] = [];
  const byCheck = new Map<string, number>();
  const packs = cleanPacks.map((p) => ({ pack: p.id as string, calls: 0, findings: 0, fatal: 0 }));
  let fatalCalls = 0;
  const results: QaResult[] = [];
  for (const c of corpus) {
    const compiled = compileQa(c.config);
    const r = checkCall(c.transcript, compiled);
    results.push(r);
    const pack = packs.find((p) => p.pack === c.pack)!;
    pack.calls++;
    pack.findings += r.violations.length;
    if (r.fatal) {
      pack.fatal++;
      fatalCalls++;
    }
    for (const v of r.violations) {
      byCheck.set(v.check, (byCheck.get(v.check) ?? 0) + 1);
      findings.push({ pack: c.pack, file: c.file, check: v.check, fatal: r.fatal && compiled.fatalChecks.has(v.check), evidence: v.evidence });
    }
  }
  return { calls: corpus.length, findingCount: findings.length, perCall: findings.length / Math.max(1, corpus.length), fatalCalls, packs, byCheck, findings, results };
}

/** The share of the labelled violations found, each expected check of each fixture counting once. */
export function measureRecall(labelled: LabelledFixture[], config: QaConfig = defaultQaConfig) {
  const compiled = compileQa(config);
  let expected = 0;
  let found = 0;
  const missed: string[] = [];
  for (const f of labelled) {
    const got = new Set(checkCall(f.transcript, compiled).violations.map((v) => v.check));
    for (const check of f.expected) {
      expected++;
      if (got.has(check)) found++;
      else missed.push(`${f.file}:${check}`);
    }
  }
  return { expected, found, recall: found / Math.max(1, expected), missed };
}
