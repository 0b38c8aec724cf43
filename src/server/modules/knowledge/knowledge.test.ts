import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { demoArticles } from '../../demo-knowledge.js';
import type { Article, ArticleSummary, ArticleVersion } from './knowledge.schema.js';
import { highlight, markTerms, queryTerms, snippet, tokens } from './knowledge.text.js';

let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'manager', 'lead', 'agent', 'inspector', 'dept']) cookies[u] = await server.login(u);
});
afterAll(() => server.close());

type List = { items: ArticleSummary[]; total: number; terms: string[] };
const search = async (who: string, query: string) => {
  const r = await server.request(`/api/knowledge/articles?${query}`, { cookie: cookies[who] });
  expect(r.status).toBe(200);
  return r.body as List;
};
const create = async (who: string, json: Record<string, unknown>) => server.request('/api/knowledge/articles', { method: 'POST', cookie: cookies[who], json });

describe('search words', () => {
  it('segments Chinese, folds Traditional into Simplified, drops stop words', () => {
    expect(tokens('小區停水了怎麼辦')).toEqual(expect.arrayContaining(['小区', '停水']));
    expect(tokens('小區停水了怎麼辦')).not.toContain('怎么办');
    expect(queryTerms('噪音擾民 ＡＢＣ')).toEqual(expect.arrayContaining(['噪音', '扰民', 'abc']));
    // 什么 in Simplified is the stop word too (the Taiwan table folded 么 into 幺: 什幺 was a word)
    expect(tokens('有什么问题，怎么办')).toEqual(['问题']);
    expect(tokens('什麼')).toEqual([]);
  });

  it('marks words, not single characters, unless the query has nothing longer', () => {
    const terms = queryTerms('路灯坏了好几天了，什么时候来修，门牌号是12号');
    expect(terms).toEqual(expect.arrayContaining(['号', '坏']));
    const marks = markTerms(terms);
    expect(marks).toEqual(expect.arrayContaining(['路灯', '门牌号']));
    expect(marks.every((t) => [...t].length >= 2)).toBe(true);
    expect(markTerms(queryTerms('税'))).toEqual(['税']);
  });

  it('highlights in the original text, whatever its script', () => {
    const text = '夜間施工噪音擾民';
    const ranges = highlight(text, ['噪音', '扰民']);
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['噪音擾民']);
    const s = snippet('# 标题\n\n第一段没有。' + '填充'.repeat(40) + '这里说到**停水**的事。', ['停水']);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['停水']);
  });
});

describe('知识库 over HTTP', () => {
  it('the demo hotline starts with its articles; department staff have no access', async () => {
    const all = await search('agent', 'limit=100');
    expect(all.total).toBe(demoArticles.filter((a) => a.status !== 'draft').length);
    expect(all.items.every((a) => a.status === 'published')).toBe(true);
    const lead = await search('lead', 'limit=100');
    expect(lead.total).toBe(demoArticles.length);
    expect(lead.items.some((a) => a.status === 'draft')).toBe(true);
    expect((await server.request('/api/knowledge/articles', { cookie: cookies.dept })).status).toBe(403);
    expect((await server.request('/api/knowledge/articles')).status).toBe(401);
  });

  it('a search in Traditional characters finds the Simplified article, with the words marked', async () => {
    const r = await search('agent', `q=${encodeURIComponent('噪音擾民')}`);
    expect(r.terms).toEqual(expect.arrayContaining(['噪音', '扰民']));
    const first = r.items[0]!;
    expect(first.title).toContain('噪音扰民');
    expect(first.highlights.title.map(([a, b]) => first.title.slice(a, b))).toContain('噪音扰民');

    const water = await search('inspector', `q=${encodeURIComponent('停水怎麼辦')}`);
    expect(water.items[0]!.title).toMatch(/^停水怎么办/);
    const social = await search('agent', `q=${encodeURIComponent('社保 轉移')}`);
    expect(social.items[0]!.title).toContain('社会保险');
    for (const [a, b] of social.items[0]!.highlights.snippet) expect(social.items[0]!.snippet.slice(a, b)).toMatch(/社保|转移/);
    // words only: all of them first (社保 and 转移 are both in one article), any of them when none has all
    expect(social.total).toBe(1);
    const either = await search('agent', `q=${encodeURIComponent('社保 噪音')}`);
    expect(either.items.map((a) => a.title)).toEqual(expect.arrayContaining([expect.stringContaining('社会保险'), expect.stringContaining('噪音扰民')]));
    expect((await search('agent', `q=${encodeURIComponent('的')}`)).items).toEqual([]);
  });

  it('ranks a match in the title above one in the tags, and that above one in the body', async () => {
    const word = '蓝莓果园';
    const body = await create('lead', { title: '甲：只在正文', body: `正文里提到${word}，还提到${word}和${word}。`, status: 'published' });
    const tagged = await create('lead', { title: '乙：只在标签', body: '无关的内容', tags: [word], status: 'published' });
    const titled = await create('lead', { title: `丙：${word}的标题`, body: '无关的内容', status: 'published' });
    for (const r of [body, tagged, titled]) expect(r.status).toBe(201);
    const r = await search('agent', `q=${encodeURIComponent(word)}`);
    expect(r.items.map((a) => a.title)).toEqual(['丙：蓝莓果园的标题', '乙：只在标签', '甲：只在正文']);
  });

  it("links only the active standard's scenarios (read through the standards module's parsed pack)", async () => {
    const r = await create('lead', { title: '关联了不存在的场景', body: '正文', scenarioIds: ['gov.emergency', 'gov.no-such-scenario'] });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: { code: 'KNOWLEDGE_INVALID', details: { unknownScenarios: ['gov.no-such-scenario'] } } });
  });

  it('lead writes a draft, readers see it only once published; audit, events and history are kept', async () => {
    const r = await create('lead', { title: '燃气泄漏的应急口径', body: '## 先确保安全\n\n- 不要开关电器\n- 打开门窗', tags: ['燃气'], scenarioIds: ['gov.emergency'], note: '初稿' });
    expect(r.status).toBe(201);
    const a = r.body as Article;
    expect(a).toMatchObject({ status: 'draft', version: 1, createdBy: '陈刚', updatedBy: '陈刚', scenarioIds: ['gov.emergency'] });

    expect((await server.request(`/api/knowledge/articles/${a.id}`, { cookie: cookies.agent })).status).toBe(404);
    expect((await search('agent', `q=${encodeURIComponent('燃气泄漏')}`)).items.map((x) => x.id)).not.toContain(a.id);
    expect((await search('lead', `q=${encodeURIComponent('燃气泄漏')}`)).items.map((x) => x.id)).toContain(a.id);

    const pub = await server.request(`/api/knowledge/articles/${a.id}/publish`, { method: 'POST', cookie: cookies.manager, json: { version: 1 } });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', version: 2, updatedBy: '王敏' });
    expect((pub.body as Article).publishedAt).not.toBeNull();
    const seen = await server.request(`/api/knowledge/articles/${a.id}`, { cookie: cookies.agent });
    expect(seen.status).toBe(200);
    expect((seen.body as Article).body).toContain('不要开关电器');

    const audit = await server.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', a.id).orderBy('id').execute();
    expect(audit.map((x) => [x.action, x.actor_name])).toEqual([
      ['knowledge.create', 'lead'],
      ['knowledge.publish', 'manager'],
    ]);
    const events = await server.database.db.selectFrom('domain_events').select('type').where('aggregate_id', '=', a.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['knowledge.article_created', 'knowledge.article_published']);
    const history = await server.request(`/api/knowledge/articles/${a.id}/versions`, { cookie: cookies.lead });
    expect((history.body as { items: ArticleVersion[] }).items.map((v) => [v.version, v.action, v.note])).toEqual([
      [2, 'publish', null],
      [1, 'create', '初稿'],
    ]);
    expect((await server.request(`/api/knowledge/articles/${a.id}/versions`, { cookie: cookies.agent })).status).toBe(403);
  });

  it('refuses an edit made on an old version with 409 KNOWLEDGE_VERSION_CONFLICT and keeps the other edit', async () => {
    const a = (await create('admin', { title: '居住证办理', body: '带身份证到派出所。', status: 'published' })).body as Article;
    const edit = (who: string, body: string) =>
      server.request(`/api/knowledge/articles/${a.id}`, { method: 'PUT', cookie: cookies[who], json: { version: a.version, title: a.title, body, tags: ['户籍'], scenarioIds: ['gov.policy-consult'] } });
    const first = await edit('lead', '带身份证和居住证明到派出所或社区服务站。');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, tags: ['户籍'] });
    const second = await edit('manager', '网上办理即可。');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'KNOWLEDGE_VERSION_CONFLICT', details: { currentVersion: 2, updatedBy: '陈刚' } } });
    expect((second.body as { error: { message: string } }).error.message).toMatch(/陈刚/);
    const now = (await server.request(`/api/knowledge/articles/${a.id}`, { cookie: cookies.agent })).body as Article;
    expect(now.body).toContain('社区服务站');
    // the new words are searchable at once, the old ones are gone from the index
    expect((await search('agent', `q=${encodeURIComponent('社区服务站')}`)).items.map((x) => x.id)).toContain(a.id);
    // saving the same content again is not a new version
    const same = await server.request(`/api/knowledge/articles/${a.id}`, {
      method: 'PUT',
      cookie: cookies.lead,
      json: { version: 2, title: now.title, body: now.body, tags: now.tags, scenarioIds: now.scenarioIds },
    });
    expect(same.body).toMatchObject({ version: 2 });
  });

  it('archives: readers no longer find it, editors do with status=archived', async () => {
    const a = (await create('manager', { title: '旧版养犬登记办法', body: '已废止的办法。', status: 'published' })).body as Article;
    const r = await server.request(`/api/knowledge/articles/${a.id}/archive`, { method: 'POST', cookie: cookies.lead, json: { version: a.version } });
    expect(r.body).toMatchObject({ status: 'archived', version: 2 });
    expect((await search('agent', `q=${encodeURIComponent('养犬登记')}`)).items.map((x) => x.id)).not.toContain(a.id);
    expect((await search('lead', `q=${encodeURIComponent('养犬登记')}`)).items.map((x) => x.id)).not.toContain(a.id);
    expect((await search('lead', `q=${encodeURIComponent('养犬登记')}&status=archived`)).items.map((x) => x.id)).toEqual([a.id]);
    expect((await server.request(`/api/knowledge/articles/${a.id}`, { cookie: cookies.agent })).status).toBe(404);
  });

  it('suggests the articles linked to the detected scenarios, for the workbench', async () => {
    const r = await server.request(`/api/knowledge/suggest?scenario=gov.help-request&q=${encodeURIComponent('小区停水')}`, { cookie: cookies.agent });
    expect(r.status).toBe(200);
    const items = (r.body as { items: ArticleSummary[] }).items;
    expect(items[0]!.title).toMatch(/^停水怎么办/);
    expect(items.every((a) => a.scenarioIds.includes('gov.help-request') && a.status === 'published')).toBe(true);
    const two = (await server.request('/api/knowledge/suggest?scenario=gov.out-of-scope,gov.emergency', { cookie: cookies.agent })).body as { items: ArticleSummary[] };
    expect(two.items[0]!.scenarioIds).toContain('gov.out-of-scope');
    expect(two.items.map((a) => a.title)).toEqual(expect.arrayContaining([expect.stringContaining('紧急事项')]));
    expect(((await server.request('/api/knowledge/suggest', { cookie: cookies.agent })).body as { items: unknown[] }).items).toEqual([]);
  });

  it('marks the words of the call in the suggestions, never a lone character', async () => {
    // what a caller says: jieba leaves 修, 号, 坏, 好 on their own, and they occur in almost every article
    const said = '您好，路灯坏了好几天了，什么时候来修，我住3号楼，门牌号是12号，家里还停水了';
    const r = await server.request(`/api/knowledge/suggest?scenario=gov.help-request&q=${encodeURIComponent(said)}&limit=10`, { cookie: cookies.agent });
    expect(r.status).toBe(200);
    const items = (r.body as { items: ArticleSummary[] }).items;
    expect(items.length).toBeGreaterThan(0);
    const marked = items.flatMap((a) => [...a.highlights.title.map(([x, y]) => a.title.slice(x, y)), ...a.highlights.snippet.map(([x, y]) => a.snippet.slice(x, y))]);
    expect(marked).toContain('停水');
    for (const m of marked) expect([...m].length, m).toBeGreaterThanOrEqual(2);
    // the same text searched in the list: still words only
    const list = await search('agent', `q=${encodeURIComponent('停水 号')}`);
    for (const a of list.items) for (const [x, y] of a.highlights.snippet) expect([...a.snippet.slice(x, y)].length).toBeGreaterThanOrEqual(2);
  });

  it('explains mistakes: who may write, empty titles, unknown scenarios, unknown ids', async () => {
    expect((await create('agent', { title: '坐席自己写的' })).status).toBe(403);
    expect((await create('inspector', { title: '质检员写的' })).status).toBe(403);
    const empty = await create('lead', { title: '  ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toMatch(/title/);
    const unknown = await create('lead', { title: '错的场景', scenarioIds: ['gov.no-such-thing'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: { code: 'KNOWLEDGE_INVALID' } });
    expect((unknown.body as { error: { message: string } }).error.message).toMatch(/gov\.no-such-thing/);
    expect((await server.request('/api/knowledge/articles/00000000-0000-4000-8000-000000000000', { cookie: cookies.agent })).status).toBe(404);
    expect((await server.request('/api/knowledge/articles/not-an-id', { cookie: cookies.agent })).status).toBe(400);
  });
});
