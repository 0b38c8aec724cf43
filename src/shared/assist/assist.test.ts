import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { checkCall } from '../qa/engine.js';
import { toQaConfig } from '../standards/qa.js';
import { packSchema, type Pack } from '../standards/schema.js';
import { validatePackFiles } from '../standards/validate.js';
import { compileCues } from './cues.js';
import { createAssist, deriveChunks, type Assist, type Source } from './index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let general: Pack;
let gov: Pack;
let telecom: Pack;
let utility: Pack;
let a: Assist;
beforeAll(async () => {
  [general, gov, telecom, utility] = await Promise.all(['general', 'government-12345', 'telecom', 'utility'].map(async (p) => (await loadPack(`${root}standards/${p}`)).pack)) as [Pack, Pack, Pack, Pack];
  a = createAssist(general);
});

const top3 = (assist: Assist, text: string, source: Source = 'customer') => assist.suggest(text, { source, k: 3 }).scenarios.map((s) => s.id);
const topTypes = (assist: Assist, text: string, source: Source = 'customer') => assist.suggest(text, { source, k: 3 }).customerTypes.map((s) => s.id);

describe('scenario suggestions (general pack: the 34 scenarios and the handling flows)', () => {
  const cases: Array<[string, string, string, Source?]> = [
    ['silent call (the agent’s note)', '接通后客户一直无声，只有背景音', 'silent-call', 'notes'],
    ['abusive caller', '你们这帮混蛋，他妈的什么玩意儿，一群饭桶！', 'customer-swears'],
    ['abusive caller, Traditional', '你們這幫混蛋，他媽的什麼玩意兒！', 'customer-swears'],
    ['complaint', '我要投诉你们，这事太不像话了，今天必须给我个说法', 'complaint-handling'],
    ['wrong number', '喂？你们不是派出所吗？哦，我打错了', 'wrong-number'],
    ['equipment failure (the agent’s note)', '系统故障，暂时查不了客户资料', 'system-down', 'notes'],
    ['equipment failure (the caller asks)', '你们系统是不是坏了？半天都查不了', 'system-down'],
    ['consultation', '请问这款空调怎么用？遥控器上的除湿模式多少钱一个月的电？', 'consultation'],
    ['consultation, Traditional', '請問這個產品怎麼用，需要什麼材料才能保修？', 'consultation'],
    ['hard to reach', '你们热线怎么这么难打通，一直占线，等了好久', 'hard-to-reach'],
    ['attitude complaint', '刚才那个客服态度太差了，我要投诉她，她工号多少？', 'attitude-complaint'],
    ['emergency', '家里的热水器在冒烟，好像还漏电，很危险！', 'emergency'],
    ['asks for a leader', '你做不了主，叫你们领导来接电话，我要找负责人', 'escalate-to-supervisor'],
    ['cannot hear the agent', '喂？听不清你说话，你声音太小了，大点声', 'customer-cannot-hear'],
    ['noisy line', '我这边信号差，有杂音，断断续续的', 'noisy-line'],
    ['dialect (the caller)', '我普通话讲不好，你听得懂我说的话吗', 'dialect-not-understood'],
    ['dialect (the agent’s note)', '客户讲方言，听不懂', 'dialect-not-understood', 'notes'],
    ['thanks', '太感谢你了，你们服务真好，我要表扬你', 'customer-thanks'],
    ['date invitation', '小姑娘声音真甜，下班后我请你吃饭，交个朋友', 'date-invitation'],
    ['personal info', '你叫什么名字？加个微信呗', 'agent-personal-info'],
    ['compensation beyond authority', '耽误了我三天，你们必须赔偿我的损失，还要精神损失费', 'beyond-authority'],
    ['problem feedback', '上周买的冰箱不制冷了，一直没反应，是不是坏了', 'problem-feedback'],
  ];
  it.each(cases)('%s → %s… in the top 3', (_what, text, expected, source) => {
    expect(top3(a, text, source ?? 'customer')).toContain(expected);
  });

  it('reports the cues it found with their place in the original text (Traditional kept)', () => {
    const text = '喂，你們這幫混蛋！';
    const s = a.suggest(text).scenarios.find((x) => x.id === 'customer-swears')!;
    expect(s.cues.length).toBeGreaterThan(0);
    for (const c of s.cues) expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(s.cues.map((c) => c.text)).toContain('混蛋');
    expect(s.name).toBe('客户情绪激烈、破口大骂');
    expect(s.group).toBe('抱怨与投诉');
  });

  it('ranks the stronger evidence first and leaves out what scores too little', () => {
    const r = a.suggest('我要投诉', { k: 5 });
    expect(r.scenarios[0]!.id).toBe('complaint-handling');
    for (let i = 1; i < r.scenarios.length; i++) expect(r.scenarios[i - 1]!.score).toBeGreaterThanOrEqual(r.scenarios[i]!.score);
    expect(a.suggest('嗯。').scenarios).toEqual([]);
    expect(a.suggest('').scenarios).toEqual([]);
  });

  it('is speaker-aware: scenarios come from the caller’s words and the notes, never from the agent’s own lines', () => {
    expect(top3(a, '你们系统坏了吧', 'customer')).toContain('system-down');
    expect(top3(a, '你们系统坏了吧', 'agent')).toEqual([]);
    // the greeting the agent says on every call proposes nothing (it proposed 接听与开场问候)
    expect(top3(a, '您好，星河电器客户服务中心，1024号为您服务，请问有什么可以帮您？', 'agent')).toEqual([]);
    expect(top3(a, '喂，您好？请问您能听到我说话吗？', 'agent')).toEqual([]);
    // the agent's speech says nothing about the caller's type
    expect(topTypes(a, '气死我了，你们太过分了', 'agent')).toEqual([]);
    expect(topTypes(a, '气死我了，你们太过分了', 'customer')).toContain('venting');
  });
});

describe('other default packs', () => {
  it('12345: water outage, noise, social insurance, a repeat caller with spoken numerals, an out-of-scope matter', () => {
    const g = createAssist(gov);
    expect(top3(g, '我们小区停水两天了，到现在都没水')).toContain('gov.help-request');
    expect(top3(g, '楼上天天装修，噪音太大了，严重扰民')).toContain('gov.help-request');
    expect(top3(g, '我想咨询一下社保怎么转到外地')).toContain('gov.policy-consult');
    expect(top3(g, '這件事我已經是第三次打電話反映了，一直沒人處理')).toContain('gov.repeat-caller');
    expect(top3(g, '这事法院已经判决了，我还是想打官司')).toContain('gov.out-of-scope');
    expect(top3(g, '我要举报，隔壁在搞违章搭建')).toContain('gov.report-intake');
  });

  it('telecom and utility', () => {
    expect(top3(createAssist(telecom), '我这个月话费怎么这么多，账单不对，多扣了钱')).toContain('tel.bill-dispute');
    expect(top3(createAssist(telecom), '天天收到垃圾短信，还有诈骗电话，烦死了')).toContain('tel.spam-fraud-angry');
    expect(top3(createAssist(utility), '我家突然停电了，是不是跳闸了，麻烦报修')).toContain('power.outage-repair');
  });
});

describe('customer types (the 8 of the service standard)', () => {
  it.each([
    ['angry', '气死我了，我真是受够了，你们太过分了', 'venting'],
    ['abusive', '你个废物，滚蛋，去死吧', 'abusive'],
    ['elderly and confused', '姑娘，我年纪大了，这些手续我搞不清楚，不会弄', 'hesitant'],
    ['repeat caller asking again', '上次问过了，我还是不清楚，再问一下', 'hesitant'],
    ['in a hurry', '你们赶紧的，今天必须给我修好，我等不了', 'instant-result'],
    ['distrustful', '你说了不算，我不信你，叫你们领导来', 'distrustful'],
    ['denies everything', '你们公司什么都不行，从来就没好过', 'total-denial'],
    ['shifts the blame', '不是我的问题，我什么都没做，都怪你们', 'shifting-blame'],
  ])('%s → %s', (_what, text, expected) => {
    expect(topTypes(a, text)).toContain(expected);
  });
});

describe('a whole call', () => {
  it('does not suggest a step the call is past: the opening once the agent has greeted', () => {
    const greeting = { text: '您好，星河电器客户服务中心，1024号为您服务，请问有什么可以帮您？', source: 'agent' as const };
    const caller = { text: '喂，你好，我上周买的空调坏了，一直不制冷', source: 'customer' as const };
    expect(a.accumulate([greeting]).scenarios).toEqual([]);
    // the caller's 你好 is the opening's cue: suggested while the call is still at 接听 …
    expect(a.accumulate([greeting, caller], { stage: 'answer' }).scenarios.map((s) => s.id)).toContain('opening');
    // … and no longer once it is past it
    for (const stage of ['identify', 'record', 'resolve', 'confirm', 'close'] as const) {
      const ids = a.accumulate([greeting, caller], { stage }).scenarios.map((s) => s.id);
      expect(ids, stage).not.toContain('opening');
      expect(ids, stage).toContain('problem-feedback');
    }
    expect(a.suggest('你好', { stage: 'identify' }).scenarios.map((s) => s.id)).not.toContain('opening');
    // every default pack ties its opening to 接听
    for (const p of [general, gov, telecom, utility]) expect(p.scenarios.find((s) => s.id === 'opening')?.stage).toBe('answer');
  });

  it('accumulates: suggestions settle on what the call is about, recent utterances weigh more', () => {
    const call = a.track();
    call.add('您好，星河电器客户服务中心，1024号为您服务，请问有什么可以帮您？', 'agent');
    call.add('我上周买的空调坏了，一直不制冷', 'customer');
    call.add('好的，请您说一下具体情况', 'agent');
    call.add('开机没反应，用不了，出问题好几天了', 'customer');
    expect(call.suggestions().scenarios[0]!.id).toBe('problem-feedback');
    // one stray word does not topple it
    call.add('谢谢', 'customer');
    expect(call.suggestions().scenarios[0]!.id).toBe('problem-feedback');
    // the call turns into a complaint: after a few utterances it leads
    call.add('我要投诉你们，修了三次都没修好', 'customer');
    call.add('太不像话了，今天必须给我个说法', 'customer');
    const s = call.suggestions();
    expect(s.scenarios[0]!.id).toBe('complaint-handling');
    expect(s.scenarios.map((x) => x.id)).toContain('problem-feedback');
    // cues of an accumulated suggestion point to the utterance they came from
    const cue = s.scenarios[0]!.cues[0]!;
    expect(cue.utterance).toBe(6);
    expect(call.utterances).toBe(7);
    expect(a.accumulate([{ text: '我上周买的空调坏了' }, { text: '我要投诉你们' }, { text: '太不像话了，要个说法' }]).scenarios[0]!.id).toBe('complaint-handling');
  });

  it('forgets what was said long ago', () => {
    const call = a.track({ decay: 0.5 });
    call.add('我打错了', 'customer');
    for (let i = 0; i < 12; i++) call.add('嗯嗯', 'customer');
    expect(call.suggestions().scenarios).toEqual([]);
    call.reset();
    expect(call.utterances).toBe(0);
  });
});

describe('live warnings', () => {
  it('flags a taboo phrase in a reply draft with its place, class and the pack’s alternative', () => {
    const text = '这个我不清楚，你去问别人吧。';
    const ws = a.warnings(text, 'draft');
    expect(ws.map((w) => w.text)).toEqual(['我不清楚', '你去问']);
    const [first] = ws;
    expect(text.slice(first!.start, first!.end)).toBe('我不清楚');
    expect(first).toMatchObject({ kind: 'taboo', classId: 'shirking', className: '推诿', severity: 'major' });
    expect(first!.alternative).toContain('核实');
    // a phrase without its own alternative gets its class's
    expect(ws[1]!.alternative).toBe(general.taboo.classes.find((c) => c.id === 'shirking')!.alternative);
  });

  it('finds Traditional and full-width writing, quoting the original', () => {
    const text = '這個我不清楚，跟我沒關係！';
    const ws = a.warnings(text, 'agent');
    expect(ws.map((w) => w.text)).toEqual(['我不清楚', '跟我沒關係']);
    for (const w of ws) expect(text.slice(w.start, w.end)).toBe(w.text);
  });

  it('does not flag look-alikes the pack lists as exceptions, as QA does not', () => {
    for (const text of ['您还有哪里不清楚的吗？', '我不知道您是否方便现在核对一下地址？']) {
      expect(a.warnings(text, 'agent')).toEqual([]);
      const qa = checkCall({ id: 'x', agent: { id: '1024' }, segments: [{ speaker: 'agent', start: 0, end: 3000, text }], events: [] } as never, toQaConfig(general));
      expect(qa.violations.filter((v) => v.check === 'taboo.phrase')).toEqual([]);
    }
  });

  it('agrees with the QA taboo check on which agent utterances it flags', () => {
    const lines = ['你怎么不早说', '稍等，我帮您查一下', '这不归我们管', '我不知道您说的是哪一户', '有话快说', '您说的情况我记下了', '跟你说过了', '我不知道'];
    const config = toQaConfig(general);
    for (const text of lines) {
      const qa = checkCall({ id: 'x', agent: { id: '1024' }, segments: [{ speaker: 'agent', start: 0, end: 3000, text }], events: [] } as never, config);
      const flagged = qa.violations.some((v) => v.check === 'taboo.phrase');
      expect(a.warnings(text, 'agent').length > 0, text).toBe(flagged);
    }
  });

  it('does not warn about the customer’s words', () => {
    expect(a.warnings('我不清楚，你去问别人', 'customer')).toEqual([]);
    expect(a.warnings('我不清楚，你去问别人', 'notes').length).toBeGreaterThan(0);
  });

  it('dead air and speech rate use the thresholds QA uses', () => {
    const t = toQaConfig(general).thresholds;
    expect(a.thresholds.deadAirMs).toBe(t.deadAirMs);
    expect(a.deadAir(t.deadAirMs / 1000)).toMatchObject({ exceeded: false, limitSeconds: t.deadAirMs / 1000 });
    expect(a.deadAir(t.deadAirMs / 1000 + 1).exceeded).toBe(true);
    expect(a.deadAir(60, { onHold: true }).exceeded).toBe(false);

    const line = '您好，星河电器客户服务中心，一零二四号为您服务，请问有什么可以帮您？';
    const chars = [...line].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
    const at = (cpm: number) => [{ text: line, startMs: 0, endMs: Math.round((chars * 60_000) / cpm) }];
    expect(a.speechRate(at(200))).toMatchObject({ status: 'ok', min: t.speechRateMin, max: t.speechRateMax });
    expect(a.speechRate(at(t.speechRateMax + 60)).status).toBe('fast');
    expect(a.speechRate(at(t.speechRateMin - 40)).status).toBe('slow');
    expect(a.speechRate([{ text: '好的', startMs: 0, endMs: 100 }]).status).toBe('unknown');
  });
});

describe('cues in the standard pack', () => {
  it('the default packs give the 34 + 22 scenarios and the 8 customer types cues of their own; every scenario can be suggested', () => {
    for (const p of [general, telecom, utility]) for (const s of p.scenarios) expect(s.triggers.keywords.length + s.cues.length, s.id).toBeGreaterThan(0);
    for (const p of [general, gov, telecom, utility]) {
      for (const c of p.customerTypes) expect(c.keywords.length, c.id).toBeGreaterThan(0);
      // own cues, or cues derived from the name and situations
      const index = compileCues(p);
      index.targets.forEach((t, i) => expect(index.cues.some((c) => c.target === i), t.id).toBe(true));
    }
  });

  it('validates cues with file positions: a broken regex, a cue of punctuation only', () => {
    const text = [
      'scenarios:',
      '  - id: x',
      '    name: 测试',
      '    group: 测试',
      '    triggers: { situations: [测试] }',
      "    cues: ['/第(\\d+次/', '？？']",
      '    steps: [{ script: 您好 }]',
    ].join('\n');
    const r = validatePackFiles([{ name: 'scenarios.yaml', text }]);
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.filter((e) => e.path.startsWith('scenarios[0].cues')).map((e) => `${e.file}:${e.line} ${e.path}: ${e.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^scenarios\.yaml:6 scenarios\[0\]\.cues\[0\]: not a valid regular expression/),
      expect.stringMatching(/^scenarios\.yaml:6 scenarios\[0\]\.cues\[1\]: expected a cue with letters or digits/),
    ]);
  });

  it('without cues, derives them from names, situations and quoted sayings', () => {
    expect(deriveChunks('接通后客户无声')).toEqual(['接通', '无声']);
    const bare = packSchema.parse({
      ...general,
      scenarios: general.scenarios.map((s) => ({ ...s, cues: [], triggers: { ...s.triggers, keywords: s.triggers.situations.length ? [] : s.triggers.keywords } })),
      customerTypes: general.customerTypes.map((c) => ({ ...c, keywords: [] })),
    });
    const b = createAssist(bare);
    expect(top3(b, '客户无声', 'notes')).toContain('silent-call');
    expect(top3(b, '系统无法登录', 'notes')).toContain('system-down');
    expect(topTypes(b, '你们什么都不行')).toContain('total-denial');
  });

  it('honours exception cues (!) per target', () => {
    const p = packSchema.parse({
      ...general,
      scenarios: general.scenarios.map((s) => (s.id === 'complaint-handling' ? { ...s, cues: [...s.cues, '!不是投诉'] } : s)),
    });
    const x = createAssist(p);
    expect(top3(x, '我要投诉')).toContain('complaint-handling');
    expect(top3(x, '我不是投诉，就是问问')).not.toContain('complaint-handling');
  });

  it('compiles once per pack object', () => {
    expect(createAssist(general)).toBe(a);
    expect(createAssist(structuredClone(general))).not.toBe(a);
  });
});
