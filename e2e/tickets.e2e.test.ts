import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { callEvents, createConnection, postEvents } from '../test/helpers/cti.js';
import { httpClient } from '../test/helpers/server.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';
import { act, expectStatus } from './ticket-actions.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

describe.skipIf(!haveChromium)('工单 (tickets) in Chromium: the 12345 path', () => {
  it('受理 → 派单 → 退单 → 派单 → 签收 → 办理 → 延期 → 答复 → 审核 → 回访 (不满意, 重办) → 答复 → 审核 → 回访 → 归档', async () => {
    const agent = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const dept = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    const lead = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(agent, h.url, 'agent');
    await login(dept, h.url, 'dept');
    await login(lead, h.url, 'lead');

    // 受理: the agent records the request
    await agent.getByTestId('main-menu').getByText(zhCN['menu.tickets'], { exact: true }).click();
    await agent.getByTestId('new-ticket').click();
    await agent.getByTestId('ticket-category').click();
    await agent.locator('.ant-select-item-option', { hasText: '求助' }).click();
    await agent.getByTestId('ticket-caller-name').fill('王先生');
    await agent.getByTestId('ticket-caller-phone').fill('13912345678');
    await agent.getByTestId('ticket-title').fill('小区停水三天未恢复');
    await agent.getByTestId('ticket-description').fill('来电人反映星河小区 3 栋自周五起停水,至今未恢复,要求尽快处理。');
    await agent.getByTestId('ticket-address').fill('星河小区 3 栋');
    await agent.getByTestId('ticket-save').click();
    await agent.getByTestId('page-ticket').waitFor();
    await expectStatus(agent, '已受理');
    await shot(agent, 'ticket-accepted');
    const ticketUrl = agent.url();
    // the people as the history names them: their display names, not their logins
    const nameOf = async (p: typeof agent) => p.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { displayName: string }).displayName);
    const names = { agent: await nameOf(agent), dept: await nameOf(dept), lead: await nameOf(lead) };
    expect(names.agent).not.toBe('agent');
    // 关联来电: a call linked to the ticket is a link to the call's page (its ringing time), not a raw id
    const api = httpClient(h.url);
    const adminCookie = await api.login('admin');
    const { token } = await createConnection(api, adminCookie, 'pbx-ticket-e2e');
    expect((await postEvents(api, token, callEvents({ callId: 'ticket-e2e-1', start: new Date(Date.now() - 120_000) }))).status).toBeLessThan(300);
    const calls = (await api.request('/api/calls?limit=50', { cookie: adminCookie })).body as { items: Array<{ id: string; externalId: string }> };
    const callId = calls.items.find((c) => c.externalId === 'ticket-e2e-1')!.id;
    const ticketId = ticketUrl.split('/').at(-1)!;
    expect((await api.request(`/api/tickets/${ticketId}`, { method: 'PATCH', cookie: adminCookie, json: { callIds: [callId] } })).status).toBe(200);
    await agent.reload();
    const callLink = agent.getByTestId('ticket-call-link');
    await callLink.waitFor();
    expect(await callLink.textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await agent.getByTestId('ticket-call-ids').textContent()).not.toContain(callId);
    await callLink.click();
    await agent.getByTestId('page-call').waitFor();
    expect(agent.url()).toBe(`${h.url}/calls/${callId}`);
    await agent.goto(ticketUrl);
    await agent.getByTestId('page-ticket').waitFor();
    // 受理 is the first entry of the history, by the agent who took the call
    const first = agent.getByTestId('ticket-history').locator('.ant-timeline-item').first();
    await expect.poll(async () => ((await first.textContent()) ?? '').replace(/\s+/g, '')).toMatch(new RegExp(`^${zhCN['tk.history.created']}${names.agent}·`));

    await act(agent, 'dispatch', { department: '市住建局' });
    await expectStatus(agent, '已派单');

    // the wrong department sends it back; the hotline re-dispatches
    const admin = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(admin, h.url, 'admin');
    await admin.goto(ticketUrl);
    await act(admin, 'return', { reason: '供水不属于住建局职责,应由水务局办理' });
    await expectStatus(admin, '已退单');
    await agent.reload();
    await act(agent, 'dispatch', { department: '市水务局' });

    // 承办单位 (市水务局) signs, works, asks for more time
    await dept.goto(ticketUrl);
    await act(dept, 'sign');
    await act(dept, 'start');
    await expectStatus(dept, '办理中');
    await act(dept, 'request_extension', { reason: '需更换主管道,施工需要额外时间', extensionDays: 3 });
    await lead.goto(ticketUrl);
    await act(lead, 'approve_extension');
    await dept.reload();
    // the reply is typed into 答复内容, not 原因/说明
    await dept.getByTestId('action-reply').click();
    await expect.poll(async () => (await dept.locator('.ant-modal .ant-form-item-label').allTextContents()).join('|')).toBe(zhCN['tk.replyText']);
    await dept.locator('.ant-modal-close').click();
    await dept.locator('.ant-modal').waitFor({ state: 'detached' });
    await act(dept, 'reply', { reason: '已更换破损管道,周一上午恢复供水' });
    await lead.reload();
    await act(lead, 'approve_reply');
    await act(lead, 'start_callback');
    await expectStatus(lead, '回访中');

    // 回访: the citizen is not satisfied → reopened
    await act(lead, 'reopen', { reason: '市民反映水压仍然不足', satisfaction: '不满意' });
    await expectStatus(lead, '办理中');
    await dept.reload();
    await act(dept, 'reply', { reason: '已调整加压泵,水压恢复正常' });
    await lead.reload();
    await act(lead, 'approve_reply');
    await act(lead, 'start_callback');
    // 满意度 is marked required before 归档 from 回访
    await lead.getByTestId('action-archive').click();
    await expect.poll(async () => (await lead.locator('.ant-modal .ant-form-item-required').allTextContents()).join('|')).toBe(zhCN['tk.satisfaction']);
    await expect.poll(async () => (await lead.locator('.ant-modal').getAttribute('class')) ?? 'ant-zoom').not.toContain('ant-zoom');
    await shot(lead, 'ticket-archive-dialog');
    await lead.locator('.ant-modal-close').click();
    await lead.locator('.ant-modal').waitFor({ state: 'detached' });
    await act(lead, 'archive', { satisfaction: '满意' });
    await expectStatus(lead, '已归档');
    const history = (await lead.locator('.ant-timeline').textContent()) ?? '';
    for (const step of ['受理', '派单', '退单', '签收', '延期申请', '同意延期', '答复', '审核通过', '回访', '重办', '归档']) expect(history).toContain(step);
    for (const name of Object.values(names)) expect(history).toContain(name);
    expect(history).not.toMatch(/\b(agent|dept|lead|admin)\b/);
    await shot(lead, 'ticket-archived');

    // the department sees the caller's number masked
    await dept.reload();
    expect(await dept.locator('.ant-descriptions').first().textContent()).toContain('139****5678');
    for (const p of [agent, dept, lead, admin]) await p.close();
  });
});
