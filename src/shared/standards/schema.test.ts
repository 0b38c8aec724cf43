import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPack, loadQaConfigFromPack, PackValidationError, validatePackText } from '../../server/modules/standards/standards.loader.js';
import { qaConfigSchema } from '../qa/config.js';
import { diffPacks, formatChange } from './diff.js';
import { renderScript } from './render.js';
import { DURATION_PATTERN, durationSchema, packSchema } from './schema.js';
import { validatePackFiles, type PackProblem } from './validate.js';
import { packWarnings } from './warnings.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const packs = ['general', 'government-12345', 'utility', 'telecom'] as const;

function fixture(name: string): { name: string; text: string } {
  return { name: `fixtures/${name}`, text: readFileSync(`${fixtures}${name}`, 'utf8') };
}

function errorsOf(files: Array<{ name: string; text: string }>): PackProblem[] {
  const r = validatePackFiles(files);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('default packs', () => {
  it.each(packs)('standards/%s validates with no errors and no warnings', async (id) => {
    const { pack, warnings } = await loadPack(`${root}standards/${id}`);
    expect(pack.pack.id).toBe(id);
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([]);
    expect(pack.customerTypes.length).toBeGreaterThanOrEqual(8);
    expect(pack.categories.length).toBeGreaterThan(0);
    expect(pack.slaPolicies.length).toBeGreaterThan(0);
    expect(pack.nightMode).toBeDefined();
  });

  it('every pack carries the 34 common scenarios from the shared base it includes (no copies), telecom its 22 own and 12345 its own', async () => {
    // the 34 scenarios of the service standard live once, in standards/_common
    const common = parseYaml(readFileSync(`${root}standards/_common/common-scenarios.yaml`, 'utf8')) as { scenarios: Array<{ id: string }> };
    expect(common.scenarios).toHaveLength(34);
    const ids = common.scenarios.map((s) => s.id);
    for (const id of packs) {
      const { pack } = await loadPack(`${root}standards/${id}`);
      expect(pack.include, id).toEqual(['../_common']);
      expect(ids.filter((c) => pack.scenarios.some((s) => s.id === c)), id).toEqual(ids);
      // no pack keeps a copy of the base's files
      for (const f of ['common-scenarios.yaml', 'common-taboo.yaml', 'taboo.yaml'].filter((f) => id !== 'telecom' || f !== 'taboo.yaml')) expect(existsSync(`${root}standards/${id}/${f}`), `${id}/${f}`).toBe(false);
    }
    const general = (await loadPack(`${root}standards/general`)).pack;
    expect(general.scenarios.length).toBeGreaterThan(34);
    const telecom = (await loadPack(`${root}standards/telecom`)).pack;
    expect(telecom.scenarios.filter((s) => s.id.startsWith('tel.'))).toHaveLength(22);
    expect((await loadPack(`${root}standards/government-12345`)).pack.scenarios.filter((s) => s.id.startsWith('gov.')).length).toBeGreaterThanOrEqual(13);
    expect(telecom.callRules.unresolvedComplaint?.afterSeconds).toBe(180);
    expect(telecom.nightMode?.to).toBe('08:00');
  });

  it('the 12345 pack has the dispatch workflow and its time limits', async () => {
    const { pack } = await loadPack(`${root}standards/government-12345`);
    const states = pack.workflow!.states.map((s) => s.name);
    for (const s of ['已受理', '已派单', '已签收', '办理中', '已答复', '已审核', '回访中', '已归档', '已退单']) expect(states).toContain(s);
    const actions = pack.workflow!.transitions.map((t) => t.name);
    for (const a of ['派单', '退单', '延期申请', '同意延期', '挂起', '督办', '重办', '合并']) expect(actions).toContain(a);
    expect(pack.slaPolicies.some((p) => p.dispatch === '2bh')).toBe(true);
  });

  it('gives the QA engine a valid configuration with the pack taboo lexicon and organisation', async () => {
    const qa = await loadQaConfigFromPack(`${root}standards/general`);
    expect(qaConfigSchema.safeParse(qa).success).toBe(true);
    expect(qa.taboo.classes.map((c) => c.id)).toContain('privacy');
    expect(qa.taboo.classes.find((c) => c.id === 'abuse')?.severity).toBe('fatal');
    expect((qa as { org?: string }).org).toBe('星河电器');
    expect(qa.weights['privacy.disclosure']).toBe(100);
  });
});

describe('durations', () => {
  it.each(['0m', '30m', '2h', '3d', '4bh', '7wd'])('accepts %s', (d) => expect(durationSchema.safeParse(d).success).toBe(true));
  it.each(['', '2', 'h', '1.5h', '2 h', '2H', '3M', '-1d', '2hours', '5w'])('rejects %j', (d) => {
    expect(DURATION_PATTERN.test(d)).toBe(false);
    expect(durationSchema.safeParse(d).success).toBe(false);
  });
});

describe('precise errors', () => {
  it('maps schema errors to file, line, column and path', () => {
    const errors = errorsOf([fixture('minimal.yaml'), fixture('broken-scenarios.yaml')]);
    const at = (path: string) => errors.find((e) => e.path === path);
    expect(at('scenarios[1].steps[1].script')).toMatchObject({ file: 'fixtures/broken-scenarios.yaml', line: 10, column: 17, message: 'expected a non-empty string' });
    expect(at('scenarios[1].forbiden')).toMatchObject({ line: 11, column: 5 });
    expect(at('scenarios[1].forbiden')?.message).toContain('did you mean "forbidden"');
    expect(at('scenarios[2].id')).toMatchObject({ line: 12, column: 9 });
    expect(at('scenarios[2].steps[0].script')?.message).toContain('unknown placeholder {agentid}');
    expect(at('scenarios[2].followUp[0].within')).toMatchObject({ line: 20, column: 17 });
    expect(at('scenarios[2].followUp[0].within')?.message).toMatch(/^expected a duration/);
    expect(at('scenarios[2].followUp[1].type')).toMatchObject({ line: 21, column: 15 });
    expect(at('scenarios[2].followUp[1].type')?.message).toContain('got the text "fax"');
    expect(errors).toHaveLength(6);
  });

  it('reports broken references once the shapes are right', () => {
    const errors = errorsOf([fixture('minimal.yaml'), fixture('broken-refs.yaml')]);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.path}`)).toEqual([
      '3:9 scenarios[1].id',
      '10:35 scenarios[1].followUp[0].target',
      '11:35 scenarios[1].followUp[1].category',
      '11:56 scenarios[1].followUp[1].priority',
    ]);
    expect(errors[1]!.message).toBe('unknown transfer target (callRules.transfer.targets) "complaints-desk": expected one of general-desk');
  });

  it('reports YAML syntax errors with line and column', () => {
    const errors = errorsOf([fixture('broken-syntax.yaml')]);
    expect(errors[0]).toMatchObject({ file: 'fixtures/broken-syntax.yaml', line: 3, path: '' });
    expect(errors[0]!.message).toMatch(/^YAML syntax: /);
  });

  it('says where a section is defined twice across files', () => {
    const errors = errorsOf([fixture('minimal.yaml'), { name: 'more.yaml', text: 'identity:\n  org: 另一个\n' }]);
    expect(errors).toEqual([expect.objectContaining({ file: 'more.yaml', line: 2, column: 3, path: 'identity.org', message: expect.stringContaining('already set at fixtures/minimal.yaml:8:3') })]);
  });

  it('names a missing section and suggests quoting numbers', () => {
    const errors = errorsOf([{ name: 'p.yaml', text: "pack: { id: x, name: x, version: 1.0, industry: other }\n" }]);
    expect(errors.find((e) => e.path === 'identity')?.message).toBe('missing section "identity"');
    expect(errors.find((e) => e.path === 'pack.version')?.message).toBe("expected a string, got the number 1 (put it in quotes: '1')");
  });

  it('follows anchors and merge keys', () => {
    const text = readFileSync(`${fixtures}minimal.yaml`, 'utf8').replace(
      '  - { category: \'*\', priority: p3, reply: 3wd }',
      "  - &base { category: '*', priority: p3, reply: 3wd }\n  - <<: *base\n    category: consult\n    reply: 3 days",
    );
    const errors = errorsOf([{ name: 'm.yaml', text }]);
    expect(errors).toEqual([expect.objectContaining({ path: 'slaPolicies[1].reply', line: 69, column: 12 })]);
  });

  it('loadPack throws PackValidationError listing every error', async () => {
    const err = await loadPack(`${fixtures}broken-pack`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackValidationError);
    const lines = (err as PackValidationError).errors.map((e) => `${e.file?.split('fixtures/')[1]}:${e.line}:${e.column} ${e.path}`);
    expect(lines).toEqual(['broken-pack/pack.yaml:4:12 pack.version', 'broken-pack/scenarios.yaml:7:17 scenarios[0].steps[0].script']);
  });
});

describe('qa section', () => {
  it('is merged over the defaults; lists replace', () => {
    const text = `${readFileSync(`${fixtures}minimal.yaml`, 'utf8')}qa:\n  thresholds: { holdMaxMs: 20000 }\n  phrases: { farewell: [再会] }\n`;
    const { pack, warnings } = validatePackText([{ name: 'm.yaml', text }]);
    expect(pack.qa.thresholds.holdMaxMs).toBe(20_000);
    expect(pack.qa.thresholds.ringMs).toBe(5000);
    expect(pack.qa.phrases.farewell).toEqual(['再会']);
    expect(pack.qa.phrases.greeting.length).toBeGreaterThan(3);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('qa.thresholds.holdMaxMs = 20000 (shorter)'));
  });

  it('reports qa mistakes at their place', () => {
    const text = `${readFileSync(`${fixtures}minimal.yaml`, 'utf8')}qa:\n  weights: { taboo.phrase: lots }\n`;
    const errors = errorsOf([{ name: 'm.yaml', text }]);
    expect(errors).toEqual([expect.objectContaining({ path: 'qa.weights["taboo.phrase"]', line: 68, column: 28, message: 'expected a number, got the text "lots"' })]);
  });
});

describe('warnings', () => {
  it('flags missing forbidden phrasings, categories without SLA and taboo phrases in scripts', () => {
    const base = validatePackText([fixture('minimal.yaml')]).pack;
    const pack = packSchema.parse({
      ...base,
      scenarios: [...base.scenarios, { ...base.scenarios[0]!, id: 'rude', forbidden: [], steps: [{ script: '你这个神经病，再见。' }] }],
      categories: [...base.categories, { id: 'complaint', name: '投诉', defaultPriority: 'p3' }],
      slaPolicies: [{ category: 'consult', priority: 'p3', reply: '3wd' }],
    });
    const messages = packWarnings(pack).map((w) => `${w.path.join('.')}: ${w.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^scenarios\.1: scenario "rude" lists no forbidden phrasings/));
    expect(messages).toContainEqual(expect.stringMatching(/^categories\.1: category "complaint"/));
    expect(messages).toContainEqual(expect.stringMatching(/^scenarios\.1\.steps\.0\.script: the script contains the taboo phrase "神经病"/));
  });
});

describe('renderScript', () => {
  it('fills in known placeholders and keeps the others visible', () => {
    expect(renderScript('您好，{org}，{agentId}号{agentName}为您服务，{time}前回复。', { org: '星河电器', agentId: '1024', agentName: '李娜' })).toBe(
      '您好，星河电器，1024号李娜为您服务，{time}前回复。',
    );
    expect(renderScript('{agentId}号', { agentId: 7 })).toBe('7号');
    expect(renderScript('{org}', { org: '' })).toBe('{org}');
  });
});

describe('diffPacks', () => {
  it('lists changes by id with readable paths', async () => {
    const { pack: a } = await loadPack(`${root}standards/general`);
    const b = structuredClone(a);
    b.pack.version = '1.1.0';
    const silent = b.scenarios.find((s) => s.id === 'silent-call')!;
    silent.steps[1]!.script = '您好，请问能听到吗？';
    silent.forbidden.push('喂喂喂');
    b.scenarios = b.scenarios.filter((s) => s.id !== 'date-invitation').reverse();
    b.categories.push({ id: 'other', name: '其他', defaultPriority: 'p3', requiredFields: [], subCategories: [] });
    b.slaPolicies.find((p) => p.category === 'complaint' && p.priority === 'p2')!.reply = '12h';
    const changes = diffPacks(a, b);
    expect(changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual(
      [
        'changed pack.version',
        'changed scenarios[id=silent-call].steps[1].script',
        'added scenarios[id=silent-call].forbidden',
        'removed scenarios[id=date-invitation]',
        'added categories[id=other]',
        'changed slaPolicies[category=complaint,priority=p2].reply',
      ].sort(),
    );
    expect(changes.find((c) => c.path === 'scenarios[id=silent-call].forbidden')?.after).toBe('喂喂喂');
    expect(formatChange(changes.find((c) => c.path === 'pack.version')!)).toBe('~ pack.version: "1.0.0" → "1.1.0"');
    expect(diffPacks(a, structuredClone(a))).toEqual([]);
  });
});

describe('qa and taboo keys', () => {
  it('rejects misspelt keys that the QA schemas would silently drop', () => {
    const text = `${readFileSync(`${fixtures}minimal.yaml`, 'utf8')}qa:\n  thresholds: { maxRing: 4 }\n`.replace('      phrases: [神经病]', '      phrases: [神经病]\n      exception: [神经病学]');
    const errors = errorsOf([{ name: 'm.yaml', text }]);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message.split(' (')[0]}`)).toEqual([
      '52:7 taboo.classes[0].exception: unknown key "exception" — did you mean "exceptions"?',
      '69:17 qa.thresholds.maxRing: unknown key "maxRing" — did you mean "maxRings"?',
    ]);
  });
});

describe('validatePackValue', () => {
  it('validates a pack object with the same messages, without positions', async () => {
    const { pack } = await loadPack(`${root}standards/telecom`);
    const { validatePackValue } = await import('./validate.js');
    expect(validatePackValue(pack)).toMatchObject({ ok: true, warnings: [] });
    const broken = structuredClone(pack) as unknown as { scenarios: Array<{ steps: Array<{ script?: string }> }> };
    broken.scenarios[3]!.steps[0]!.script = '';
    expect(validatePackValue(broken)).toEqual({ ok: false, warnings: [], errors: [{ path: 'scenarios[3].steps[0].script', message: 'expected a non-empty string' }] });
  });
});
