import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';
import { act, chooseOption, expectStatus } from './ticket-actions.js';

// 主办 + 2 协办, a refused 退单, a 催办 and a 改派, through the ticket page as each department's staff see it.
let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

const viewport = { width: 1440, height: 1000 };
/** What the page's scripts see (the e2e files are type-checked without the DOM library). */
interface PageGlobals {
  localStorage: { setItem(key: string, value: string): void };
}

/** Picks options of a multiple select in the open dialog, checking each was taken. */
async function pickMany(page: Page, testId: string, labels: string[]) {
  for (const label of labels) await chooseOption(page, testId, label);
  await page.locator('.ant-modal-title').click(); // close the dropdown, not the dialog
}

const actions = (page: Page) => page.locator('[data-testid^="action-"]').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-testid')));
const partStatus = (page: Page, departmentId: string) => page.getByTestId(`part-status-${departmentId}`).textContent();

describe.skipIf(!haveChromium)('工单: 主办 + 协办, 派单异议审核, 催办, 改派 in Chromium', () => {
  it('walks a ticket through a lead and two co-handlers, a refused 退单, a 催办 and a 改派', async () => {
    const admin = await h.browser.newPage();
    await login(admin, h.url, 'admin');
    const setUp = await admin.evaluate(async () => {
      const call = async (url: string, method = 'GET', body?: unknown) => {
        const r = await fetch(url, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as Record<string, unknown> };
      };
      const deps = (await call('/api/departments')).body as { items: Array<{ id: string; name: string }> };
      const id = (name: string) => deps.items.find((d) => d.name === name)!.id;
      const staff: Record<string, string> = { 'dept-housing': '市住建局', 'dept-transport': '市交通运输局', 'dept-market': '市市场监管局' };
      const made: number[] = [];
      for (const [username, dep] of Object.entries(staff)) {
        const u = await call('/api/users', 'POST', { username, displayName: `${dep}经办人`, role: 'department', password: 'rexian-demo' });
        made.push(u.status, (await call(`/api/departments/${id(dep)}/members`, 'PUT', { userIds: [u.body['id']] })).status);
      }
      const ticket = await call('/api/tickets', 'POST', {
        category: 'help',
        subCategory: 'utilities',
        callerName: '陈女士',
        callerPhone: '13912340077',
        address: '星河市滨江区望江路 18 号',
        description: '望江路主水管破裂，路面积水影响通行，小区停水，路口交通也受影响。',
        title: '望江路水管破裂积水',
      });
      return { made, ticket: ticket.status, id: String(ticket.body['id']), water: id('市水务局'), housing: id('市住建局'), transport: id('市交通运输局'), market: id('市市场监管局') };
    });
    expect(setUp.made.every((s) => s === 200 || s === 201)).toBe(true);
    expect(setUp.ticket).toBe(201);
    await admin.close();
    const url = `${h.url}/tickets/${setUp.id}`;
    const open = async (username: string) => {
      const p = await h.browser.newPage({ viewport });
      await login(p, h.url, username);
      await p.goto(url);
      await p.getByTestId('page-ticket').waitFor();
      return p;
    };

    // 派单: the catalogue has chosen the water bureau; the agent adds two co-handling departments
    const agent = await open('agent');
    await agent.getByTestId('action-dispatch').click();
    const modal = agent.locator('.ant-modal');
    await expect.poll(async () => (await modal.getAttribute('class')) ?? 'ant-zoom').not.toContain('ant-zoom');
    expect(await agent.getByTestId('action-department').textContent()).toContain('市水务局');
    await agent.getByTestId('action-suggested').waitFor();
    await pickMany(agent, 'action-co-departments', ['市住建局', '市交通运输局']);
    await agent.getByTestId('action-confirm').click();
    await modal.waitFor({ state: 'detached' });
    await expectStatus(agent, '已派单');
    await expect.poll(async () => agent.getByTestId('ticket-parts').locator('tbody tr').count()).toBe(3);
    expect(await partStatus(agent, setUp.housing)).toBe('待签收');

    // 退单 by the lead, refused by the hotline with a reason: back to the water bureau
    const water = await open('dept');
    await act(water, 'sign');
    await act(water, 'return', { reason: '路面积水和交通疏导不属于水务局职责' });
    await agent.reload();
    await expectStatus(agent, '已退单');
    expect(await agent.getByTestId('ticket-returned-by').textContent()).toContain('路面积水和交通疏导不属于水务局职责');
    await act(agent, 'refuse_return', { reason: '主水管破裂由水务局主办，交通疏导已派交通运输局协办' });
    await expectStatus(agent, '已派单');
    expect(await agent.getByTestId('ticket-returned-by').count()).toBe(0);

    // the co-handlers sign and act on their part only
    const housing = await open('dept-housing');
    expect(await actions(housing)).toEqual(['action-co_sign']);
    await act(housing, 'co_sign');
    await expect.poll(() => partStatus(housing, setUp.housing)).toBe('已签收');
    await act(housing, 'co_reply', { reason: '已督促物业清理积水、张贴停水通知' });
    await expect.poll(() => partStatus(housing, setUp.housing)).toBe('已答复');
    expect(await actions(housing)).toEqual([]);

    // 催办: the water bureau's staff get a reminder
    await water.reload();
    await act(water, 'sign');
    await act(agent, 'urge', { reason: '来电人再次来电，积水仍未排除' });
    await expect
      .poll(async () => water.evaluate(async () => ((await (await fetch('/api/notifications')).json()) as { items: Array<{ kind: string }> }).items.filter((n) => n.kind === 'ticket.urge').length))
      .toBe(1);

    // 改派: the hotline moves the lead to the market regulator; the co-handlers keep their parts
    await act(agent, 'reassign', { department: '市市场监管局', reason: '经核实破裂管段属商户违规施工所致，改由市场监管局主办' });
    await expectStatus(agent, '已派单');
    await water.reload();
    await water.getByTestId('page-ticket').or(water.getByText('没有找到这张工单')).first().waitFor();
    expect(await water.getByTestId('ticket-status').count()).toBe(0);
    const market = await open('dept-market');
    await act(market, 'sign');
    await act(market, 'start');
    await expectStatus(market, '办理中');
    // the lead cannot reply while the transport bureau has neither replied nor run out of time
    expect(await actions(market)).not.toContain('action-reply');
    const transport = await open('dept-transport');
    await act(transport, 'co_sign');
    await act(transport, 'co_reply', { reason: '已在望江路口设置临时交通疏导' });
    await market.reload();
    await market.getByTestId('action-reply').waitFor();
    await act(market, 'reply', { reason: '已责令施工商户停工并配合抢修，主水管已修复，积水已排除' });
    await expectStatus(market, '已答复');

    await agent.reload();
    await expectStatus(agent, '已答复');
    await expect.poll(async () => (await agent.getByTestId('ticket-parts').textContent()) ?? '').toContain('已在望江路口设置临时交通疏导');
    const page = (await agent.getByTestId('page-ticket').textContent()) ?? '';
    for (const text of ['驳回退单', '协办签收', '协办答复', '催办', '改派', '市市场监管局', '主办', '协办']) expect(page).toContain(text);
    await agent.getByTestId('ticket-parts').scrollIntoViewIfNeeded();
    await shot(agent, 'ticket-lead-and-co-handlers');

    // the same page in Traditional Chinese and in English: the pack's 12345 names keep the built-in translations
    for (const [lang, words] of [
      ['zh-TW', ['承辦單位', '主辦', '協辦', '已答覆', '駁回退單', '協辦答覆', '催辦', '改派']],
      ['en', ['Departments', 'Lead', 'Co-handling', 'Replied', 'Refuse return', 'Co-handling reply', 'Urge', 'Reassign']],
    ] as const) {
      await agent.evaluate((l) => (globalThis as unknown as PageGlobals).localStorage.setItem('rexian.lang', l), lang);
      await agent.reload();
      await agent.getByTestId('ticket-parts').waitFor();
      const text = (await agent.getByTestId('page-ticket').textContent()) ?? '';
      for (const w of words) expect(text, `${lang}: ${w}`).toContain(w);
      expect(text).not.toMatch(/tk\.|co_reply|refuse_return/);
      if (lang === 'en') {
        await agent.getByTestId('ticket-parts').scrollIntoViewIfNeeded();
        await shot(agent, 'ticket-lead-and-co-handlers-en');
      }
    }
    await agent.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.setItem('rexian.lang', 'zh-CN'));

    // 回访: the caller rates the lead and a co-handler as well as the whole (评价 per department)
    const lead = await open('lead');
    await act(lead, 'approve_reply');
    await act(lead, 'start_callback');
    await expectStatus(lead, '回访中');
    await agent.goto(`${h.url}/tickets?view=callback`);
    await agent.getByTestId('callback-tasks').locator('tr', { hasText: '望江路水管破裂积水' }).first().click();
    const ratings = agent.getByTestId('callback-department-ratings');
    await ratings.waitFor();
    for (const [name, label] of [
      ['市市场监管局', '市市场监管局：满意'],
      ['市交通运输局', '市交通运输局：基本满意'],
    ] as const) {
      await chooseOption(agent, ratings.locator('.ant-select', { hasText: name }).first(), label);
    }
    await agent.getByTestId('callback-sat-basically_satisfied').click();
    await shot(agent, 'ticket-callback-department-ratings');
    await agent.getByTestId('callback-archive').click();
    await expect
      .poll(async () => agent.evaluate(async (id) => ((await (await fetch(`/api/tickets/${id}`)).json()) as { status: string; satisfaction: string; parts: Array<{ departmentName: string; satisfaction: string | null }> }), setUp.id), { timeout: 15_000 })
      .toMatchObject({
        status: 'archived',
        satisfaction: 'basically_satisfied',
        parts: [
          { departmentName: '市市场监管局', satisfaction: 'satisfied' },
          { departmentName: '市住建局', satisfaction: null },
          { departmentName: '市交通运输局', satisfaction: 'basically_satisfied' },
        ],
      });

    // the per-department counts on the reports page
    const manager = await h.browser.newPage({ viewport });
    await login(manager, h.url, 'manager');
    await manager.goto(`${h.url}/reports?tab=departments`);
    const stats = manager.getByTestId('department-workflow-stats');
    await stats.waitFor();
    const row = (name: string) => stats.locator('tbody tr', { hasText: name }).first().locator('td').allTextContents();
    // department, urged, reassigned away, recalled, returns, accepted, refused, co-handled, co-replies
    await expect.poll(() => row('市水务局')).toEqual(['市水务局', '1', '1', '0', '1', '0', '1', '0', '0']);
    expect(await row('市住建局')).toEqual(['市住建局', '0', '0', '0', '0', '0', '0', '1', '1']);
    await stats.scrollIntoViewIfNeeded();
    await shot(manager, 'reports-department-workflow');
    for (const p of [agent, water, housing, market, transport, lead, manager]) await p.close();
  });
});
