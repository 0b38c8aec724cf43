// Trust in automated QA (issue 14): no false alarms on correct calls, the seeds' own
// forbidden phrases caught, numbers judged in context. The figures are those `npm run
// bench:qa-precision` prints.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCleanCorpus, loadLabelledFixtures, measurePrecision, measureRecall } from '../../../bench/qa-precision-data.js';
import { cleanPacks } from './clean-corpus.js';
import { defaultQaConfig, qaConfigSchema, type QaConfig } from './config.js';
import { checkCall, compileQa } from './engine.js';
import { loadQaConfigFromPack } from '../../server/modules/standards/standards.loader.js';
import type { Transcript } from './transcript.js';

const corpus = await loadCleanCorpus();
const packConfigs: Array<[string, QaConfig]> = [['default', defaultQaConfig]];
for (const p of cleanPacks) packConfigs.push([p.id, await loadQaConfigFromPack(`standards/${p.id}`)]);

/** A call of one agent utterance after a proper greeting (the greeting check does not matter here). */
function oneUtterance(text: string, caller = '13812345678', customer?: string): Transcript {
  const segments = [{ speaker: 'agent' as const, start: 200, end: 3000, text: '您好，星河电器，工号1024。' }];
  if (customer) segments.push({ speaker: 'customer' as const, start: 3200, end: 6000, text: customer } as never);
  segments.push({ speaker: 'agent' as const, start: 6500, end: 9500, text });
  return { id: 'x', agent: { id: '1024' }, caller, startedAt: '2026-03-02T09:00:00+08:00', ringMs: 0, events: [], segments } as unknown as Transcript;
}
const checksOf = (t: Transcript, config: QaConfig) => checkCall(t, compileQa(config)).violations.filter((v) => v.segment === t.segments.length - 1).map((v) => v.check);

describe('the clean corpus (correct calls written from the seeds)', () => {
  const p = measurePrecision(corpus);

  it('has at least 100 calls across the four default packs', () => {
    expect(p.calls).toBeGreaterThanOrEqual(100);
    for (const pack of p.packs) expect(pack.calls, pack.pack).toBeGreaterThanOrEqual(25);
  });

  it('draws no fatal false finding and fewer than 0.05 false findings per call', () => {
    expect(p.findings.filter((f) => f.fatal)).toEqual([]);
    expect(p.fatalCalls).toBe(0);
    expect(p.perCall, p.findings.map((f) => `${f.file} ${f.check}`).join('\n')).toBeLessThan(0.05);
  });

  it('no taboo or privacy finding at all on words that share characters with taboos, or on numbers that are not private', () => {
    expect(p.findings.filter((f) => f.check === 'taboo.phrase' || f.check === 'privacy.disclosure')).toEqual([]);
  });

  it('is what bench/qa-clean-build.ts makes of the hand-written sources (the JSON files are not edited by hand)', async () => {
    const { buildCleanCalls } = await import('./clean-corpus.js');
    for (const pack of cleanPacks) {
      const built = buildCleanCalls(pack.id, readFileSync(`src/shared/qa/fixtures/clean/${pack.id}.txt`, 'utf8'));
      expect(built.map((c) => `clean/${pack.id}/${c.id}.json`)).toEqual(corpus.filter((c) => c.pack === pack.id).map((c) => c.file));
      for (const c of built) expect(JSON.parse(readFileSync(`src/shared/qa/fixtures/clean/${pack.id}/${c.id}.json`, 'utf8'))).toEqual(JSON.parse(JSON.stringify(c)));
    }
  });
});

describe('recall on the labelled violation fixtures', () => {
  it('finds every labelled violation (51 of 51 before issue 14)', () => {
    const r = measureRecall(loadLabelledFixtures());
    expect(r.missed).toEqual([]);
    expect(r.expected).toBeGreaterThanOrEqual(51);
  });
});

describe('the seeds’ forbidden phrases (服务忌语), in their 您 and 你 forms', () => {
  const seeds = JSON.parse(readFileSync('src/shared/qa/fixtures/seeds/forbidden.json', 'utf8')) as { phrases: Array<{ seed: string; line: number; text: string }>; clauses: string[] };
  const forms = (s: string) => [...new Set([s, s.replace(/[你您]/g, '您'), s.replace(/[你您]/g, '你')])];
  const cases = [...seeds.phrases.map((p) => p.text), ...seeds.clauses].flatMap(forms);

  it('the fixture holds the sentences of both seeds and their clauses', () => {
    expect(seeds.phrases.length).toBeGreaterThanOrEqual(18);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(packConfigs)('every one draws taboo.phrase with the %s configuration', (_name, config) => {
    const missed = cases.filter((text) => !checksOf(oneUtterance(text), config).includes('taboo.phrase'));
    expect(missed).toEqual([]);
  });

  it('您挂电话吧 is caught while the lexicon writes 你挂电话吧, and the other way round', () => {
    expect(checksOf(oneUtterance('您挂电话吧。'), defaultQaConfig)).toContain('taboo.phrase');
    const config = qaConfigSchema.parse({ taboo: { classes: [{ id: 'rude', name: '生硬', severity: 'major', phrases: ['您自己看'] }] } });
    expect(checksOf(oneUtterance('你自己看吧。'), config)).toContain('taboo.phrase');
  });
});

describe('words, not characters', () => {
  const innocent = [
    '医疗废物要交给有资质的单位处置。',
    '建筑废物不能倒在河道里。',
    '旧冰箱的钢材可以做废物利用。',
    '您的套餐支持流量滚存，下个月还能用。',
    '分期没有利息，不会利滚利。',
    '屏幕上会滚动显示电量。',
    '滚筒洗衣机脱水时声音会大一些。',
    '手机死机可以先重启试试。',
    '这台冰箱比较笨重，我们安排两位师傅搬运。',
    '家畜生病了请联系兽医站。',
    '出院后请带上病历和发票，您有病历吗？',
    '您说什么时候方便，我们就什么时候上门。',
    '随便您哪天都可以。',
    '您也可以自己上网查询进度。',
    '请问他的电话是多少？我帮您记下来。',
  ];
  it.each(innocent)('no taboo in %s', (text) => {
    for (const [name, config] of packConfigs) expect(checksOf(oneUtterance(text), config), name).not.toContain('taboo.phrase');
  });

  const abusive = ['你给我滚！', '滚出去！', '你这个废物。', '你是不是有病啊？', '神经病！', '您有病吧？'];
  it.each(abusive)('abuse in %s is still caught and fatal', (text) => {
    const r = checkCall(oneUtterance(text), compileQa(defaultQaConfig));
    expect(r.fatal).toBe(true);
  });

  it('refuses a single-character taboo without context', () => {
    const bad = qaConfigSchema.safeParse({ taboo: { classes: [{ id: 'abuse', name: '辱骂', severity: 'fatal', phrases: ['滚'] }] } });
    expect(bad.success).toBe(false);
    const ok = qaConfigSchema.safeParse({ taboo: { classes: [{ id: 'abuse', name: '辱骂', severity: 'fatal', phrases: [{ text: '滚', exceptions: ['滚动', '滚存'] }] }] } });
    expect(ok.success).toBe(true);
  });
});

describe('numbers in context', () => {
  const cfg = qaConfigSchema.parse({ publicNumbers: ['+86 139 1009 9000'] });
  const fine: Array<[string, string?]> = [
    ['紧急情况请拨打110、119或120，政务咨询请拨打12345。'],
    ['供电请拨95598，移动业务请拨10086。'],
    ['我们的热线是400-800-1234，也可以拨打800-820-8820。'],
    ['营业厅座机是0571-8888 6666。'],
    ['您的工单号是202603021530000188。'],
    ['您的户号是0101 2345 6789。'],
    ['活动价是13800元，截止到2026年3月31日。'],
    ['跟您确认一下，您的电话是138 1234 5678，对吗？'],
    ['境外请拨打国际漫游热线+86 139 1009 9000。'],
    ['您刚才说的号码是13912345670，对吗？', '我的号码是139，1234，5670。'],
    ['您的身份证号是110101199003071234，对吗？', '我的身份证号是110101199003071234。'],
  ];
  it.each(fine)('no disclosure: %s', (text, customer) => {
    expect(checksOf(oneUtterance(text, '13812345678', customer), cfg)).not.toContain('privacy.disclosure');
  });

  const leaks = ['师傅的手机是13912345678。', '他的身份证号是110101199003071234。', '您打他手机吧，一三九一二三四五六七八。'];
  it.each(leaks)('a disclosure: %s', (text) => {
    expect(checksOf(oneUtterance(text), cfg)).toContain('privacy.disclosure');
  });

  it('refuses a public number that is not a phone number', () => {
    expect(qaConfigSchema.safeParse({ publicNumbers: ['热线'] }).success).toBe(false);
  });
});
