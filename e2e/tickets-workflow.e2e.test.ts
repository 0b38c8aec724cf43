import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';
import { act, chooseOption, expectStatus } from './ticket-actions.js';

// A 12345 line adds a step of its own to the workflow in its standard pack: 待补充材料, when the
// department needs documents from the citizen before it can go on (the time limits wait meanwhile).
// Its tickets in the other states
// keep theirs (a version that dropped one of them would not be activated).
let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

type Wf = { states: Array<Record<string, unknown>>; transitions: Array<Record<string, unknown>> };
const withAwaitingInfo = (wf: Wf): Wf => ({
  states: [...wf.states, { id: 'awaiting-info', name: '待补充材料' }],
  transitions: [
    ...wf.transitions,
    // waiting for the citizen stops the clock, as 挂起 does; the documents in, it runs on from where it was
    { action: 'ask-info', name: '请来电人补充材料', from: ['in-progress'], to: 'awaiting-info', roles: ['department'], reason: true, effect: 'suspend' },
    { action: 'info-received', name: '材料已补齐', from: ['awaiting-info'], to: '$resume', roles: ['department'] },
  ],
});

/** A 求助 ticket taken by the signed-in agent (through the API, as the page would) and dispatched to 市水务局; its id. */
const dispatchedToWater = (agent: Page, ticket: Record<string, string>) =>
  agent.evaluate(async (fields) => {
    const call = async (url: string, body?: unknown) => {
      const r = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await r.json()) as Record<string, unknown>;
    };
    const created = await call('/api/tickets', { category: 'help', subCategory: 'utilities', ...fields });
    const departments = (await call('/api/departments')) as { items: Array<{ id: string; name: string }> };
    await call(`/api/tickets/${String(created['id'])}/actions/dispatch`, { departmentId: departments.items.find((d) => d.name === '市水务局')!.id });
    return String(created['id']);
  }, ticket);

describe.skipIf(!haveChromium)('工单 with a step of the organisation’s own in Chromium', () => {
  it('the department asks for documents and goes on: the pack’s names on the ticket page, in its history and in the status filter', async () => {
    const admin = await h.browser.newPage();
    await login(admin, h.url, 'admin');
    const active = (await admin.evaluate(async () => (await fetch('/api/standards/versions/active')).json())) as { content: { workflow: Wf } };
    const pack = { ...active.content, workflow: withAwaitingInfo(active.content.workflow) };
    const setUp = await admin.evaluate(async (pack) => {
      const call = async (url: string, body?: unknown) => {
        const r = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      };
      const saved = await call('/api/standards/versions', { pack, note: '增加待补充材料', activate: true });
      const ticket = await call('/api/tickets', {
        category: 'help',
        subCategory: 'utilities',
        callerName: '李女士',
        callerPhone: '13912340002',
        address: '星河市滨江区望江路 8 号',
        description: '申请减免上月水费，供水中断三天，希望按规定减免。',
        title: '停水期间水费减免',
      });
      const id = String(ticket.body['id']);
      const departments = (await call('/api/departments')).body as { items: Array<{ id: string; name: string }> };
      const water = departments.items.find((d) => d.name === '市水务局')!.id;
      const dispatched = await call(`/api/tickets/${id}/actions/dispatch`, { departmentId: water });
      return { saved: saved.status, ticket: ticket.status, dispatched: dispatched.status, id };
    }, pack);
    expect(setUp).toMatchObject({ saved: 201, ticket: 201, dispatched: 200 });
    await admin.close();

    const dept = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(dept, h.url, 'dept');
    await dept.goto(`${h.url}/tickets/${setUp.id}`);
    await dept.getByTestId('page-ticket').waitFor();
    await act(dept, 'sign');
    await act(dept, 'start');
    await expectStatus(dept, '办理中');
    expect((await dept.getByTestId('action-ask_info').textContent())?.trim()).toBe('请来电人补充材料');
    await act(dept, 'ask_info', { reason: '请来电人提供停水期间的缴费户号和身份证明' });
    await expectStatus(dept, '待补充材料');
    // its time limits wait with it
    await expect.poll(async () => (await dept.getByTestId('ticket-timers').textContent()) ?? '').toContain('已暂停');
    expect((await dept.getByTestId('ticket-timers').textContent()) ?? '').not.toContain('计时中');
    // from here only the pack's own next step
    await expect.poll(async () => dept.locator('[data-testid^="action-"]').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-testid')))).toEqual(['action-info_received']);
    await shot(dept, 'tickets-own-workflow-step');
    await act(dept, 'info_received');
    await expectStatus(dept, '办理中');
    await expect.poll(async () => (await dept.getByTestId('ticket-timers').textContent()) ?? '').toContain('计时中');
    const history = (await dept.getByTestId('page-ticket').textContent()) ?? '';
    for (const step of ['请来电人补充材料', '办理中 → 待补充材料', '材料已补齐', '待补充材料 → 办理中']) expect(history).toContain(step);

    // the list's status filter offers the new state with the others
    await dept.goto(`${h.url}/tickets`);
    await dept.getByTestId('page-tickets').waitFor();
    await dept.getByTestId('filter-status').click();
    // the option list is virtual: type to bring the option into view, as a person would
    await dept.getByTestId('filter-status').locator('input').fill('补充');
    await expect.poll(async () => dept.locator('.ant-select-item-option').allTextContents()).toEqual(['待补充材料']);
    await dept.close();
  });

  it('the department’s steps reach the agent’s open ticket page and list without a reload (the live feed)', async () => {
    const agentBrowser = await h.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const agent = await agentBrowser.newPage();
    await login(agent, h.url, 'agent');
    const id = await dispatchedToWater(agent, { callerName: '王先生', callerPhone: '13912340003', address: '星河市滨江区江南大道 1 号', description: '小区路灯一直不亮，晚上出行不安全。', title: '江南大道路灯不亮' });
    // a second person, in a browser of their own: the agent keeps the list open in one tab, the ticket in another
    const list = await agentBrowser.newPage();
    await list.goto(`${h.url}/tickets`);
    await list.getByTestId('page-tickets').waitFor();
    const row = list.locator('.ant-table-row', { hasText: '江南大道路灯不亮' });
    await row.waitFor();
    await agent.goto(`${h.url}/tickets/${id}`);
    await agent.getByTestId('page-ticket').waitFor();
    const before = (await agent.getByTestId('ticket-status').textContent())?.trim();
    expect(before).not.toBe('办理中');
    let navigations = 0;
    for (const p of [agent, list]) p.on('framenavigated', () => navigations++);

    const dept = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(dept, h.url, 'dept');
    await dept.goto(`${h.url}/tickets/${id}`);
    await dept.getByTestId('page-ticket').waitFor();
    await act(dept, 'sign');
    await act(dept, 'start');
    await expectStatus(dept, '办理中');
    // the agent's pages were not reloaded: the feed told them
    await expectStatus(agent, '办理中');
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 15_000 }).toContain('办理中');
    expect(navigations).toBe(0);
    await dept.close();
    await agentBrowser.close();
  });

  it('the hotline’s 改派 reaches the department’s open ticket page and list without a reload: it says the ticket left', async () => {
    const agentBrowser = await h.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const agent = await agentBrowser.newPage();
    await login(agent, h.url, 'agent');
    const id = await dispatchedToWater(agent, { callerName: '孙女士', callerPhone: '13912340004', address: '星河市滨江区滨河路 5 号', description: '楼道墙体开裂渗水，担心安全。', title: '滨河路楼道墙体开裂' });
    // the water bureau has the ticket open, and its list in another tab
    const deptBrowser = await h.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const dept = await deptBrowser.newPage();
    await login(dept, h.url, 'dept');
    const list = await deptBrowser.newPage();
    await list.goto(`${h.url}/tickets`);
    await list.getByTestId('page-tickets').waitFor();
    await list.locator('.ant-table-row', { hasText: '滨河路楼道墙体开裂' }).waitFor();
    await dept.goto(`${h.url}/tickets/${id}`);
    await dept.getByTestId('page-ticket').waitFor();
    await dept.getByTestId('action-sign').waitFor();
    let navigations = 0;
    for (const p of [dept, list]) p.on('framenavigated', () => navigations++);

    await agent.goto(`${h.url}/tickets/${id}`);
    await agent.getByTestId('page-ticket').waitFor();
    await act(agent, 'reassign', { department: '市住建局', reason: '墙体安全属住建部门职责' });
    await expectStatus(agent, '已派单');

    // the department's page says so, in its words, and offers no action on what it showed
    const notice = dept.getByTestId('ticket-left');
    await notice.waitFor({ timeout: 15_000 });
    expect((await notice.textContent()) ?? '').toContain('改派给别的单位');
    expect(await dept.locator('[data-testid^="action-"]').count()).toBe(0);
    const shown = (await dept.getByTestId('page-ticket').textContent()) ?? '';
    for (const secret of ['孙女士', '13912340004', '滨河路 5 号', '市住建局', '墙体安全属住建部门职责']) expect(shown).not.toContain(secret);
    await shot(dept, 'tickets-left-department');
    // the list drops it
    await expect.poll(async () => list.locator('.ant-table-row', { hasText: '滨河路楼道墙体开裂' }).count(), { timeout: 15_000 }).toBe(0);
    expect(navigations).toBe(0);
    await deptBrowser.close();
    await agentBrowser.close();
  });

  it('a repair’s 区域类型 corrected on the ticket page gives the crew’s arrival limit anew from the acceptance', async () => {
    // the organisation times repair crews as a 95598 line does (three limits by 区域类型); last in this file, it
    // changes the active pack
    const admin = await h.browser.newPage();
    await login(admin, h.url, 'admin');
    const active = (await admin.evaluate(async () => (await fetch('/api/standards/versions/active')).json())) as { content: Record<string, unknown[]> };
    const c = active.content;
    const pack = {
      ...c,
      ticketFields: [...c['ticketFields']!, { id: 'area-type', name: '区域类型', type: 'choice', options: ['城区', '农村', '特殊边远地区'] }],
      categories: [...c['categories']!, { id: 'repair', name: '抢修', requiredFields: ['contact-phone', 'address', 'area-type'], defaultPriority: 'p2', subCategories: [] }],
      commitments: [
        ...c['commitments']!,
        ...([['城区', '45m'], ['农村', '90m'], ['特殊边远地区', '2h']] as const).map(([area, within], i) => ({ id: `repair-arrival-${i}`, name: `抢修人员到达现场(${area})`, within, category: 'repair', measure: 'arrival', when: { field: 'area-type', is: area } })),
      ],
    };
    const saved = await admin.evaluate(async (pack) => (await fetch('/api/standards/versions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pack, note: '抢修到达时限', activate: true }) })).status, pack);
    expect(saved).toBe(201);
    await admin.close();

    const agent = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(agent, h.url, 'agent');
    const ticket = await agent.evaluate(async () => {
      const r = await fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ category: 'repair', callerPhone: '13912340005', address: '星河市远郊区青山村 3 组', description: '村里整片停电', title: '青山村停电', fields: { 'area-type': '城区' } }) });
      return (await r.json()) as { id: string; createdAt: string };
    });
    await agent.goto(`${h.url}/tickets/${ticket.id}`);
    const card = agent.getByTestId('ticket-arrival');
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toContain('45 分钟');
    // the village is not in town: the agent corrects the 区域类型
    await agent.getByTestId('ticket-edit').click();
    const modal = agent.locator('.ant-modal');
    await expect.poll(async () => (await modal.getAttribute('class')) ?? 'ant-zoom').not.toContain('ant-zoom');
    await chooseOption(agent, 'ticket-field-area-type', '农村');
    await agent.getByTestId('ticket-edit-save').click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toContain('90 分钟');
    expect((await card.textContent()) ?? '').toContain('抢修人员到达现场(农村)');
    // from the acceptance, as the raw answer says
    const a = (await agent.evaluate(async (id) => (await fetch(`/api/tickets/${id}/arrival`)).json(), ticket.id)) as { arrival: { startedAt: string; dueAt: string; verdict: string } };
    expect(a.arrival.startedAt).toBe(ticket.createdAt);
    expect(Date.parse(a.arrival.dueAt) - Date.parse(ticket.createdAt)).toBe(90 * 60_000);
    expect(a.arrival.verdict).toBe('running');
    await card.scrollIntoViewIfNeeded();
    await shot(agent, 'tickets-arrival-area-corrected');
    await agent.close();
  });
});
