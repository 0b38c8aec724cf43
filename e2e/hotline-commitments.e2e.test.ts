// The hotline's own name and the seeds' commitments in the browser: the city of the organisation's profile in
// the greeting the agent reads, the contact log of a ticket, and a wrong answer marked for a correction call-back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness({ REXIAN_DEMO_CALLS: 'false' });
});
afterAll(() => h?.close());
const view = { viewport: { width: 1440, height: 900 } };

describe.skipIf(!haveChromium)('hotline profile and commitments in Chromium', () => {
  it('an admin sets the city; the agent’s greeting names it', async () => {
    const admin = await h.browser.newPage(view);
    await login(admin, h.url, 'admin');
    await admin.goto(`${h.url}/settings`);
    await admin.getByRole('tab', { name: zhCN['org.tab'] }).click();
    await admin.getByTestId('org-profile').waitFor();
    expect(await admin.getByTestId('org-preview-org').textContent()).toBe('星河市 12345 政务服务便民热线');
    await admin.getByTestId('org-city').fill('临江市');
    // the preview follows the field as it is typed (a render later)
    await admin.getByTestId('org-preview-greeting').filter({ hasText: '临江市 12345 政务服务便民热线' }).waitFor();
    await admin.getByTestId('org-save').click();
    await admin.locator('.ant-message-success').waitFor();
    await shot(admin, 'settings-org-profile');
    await admin.close();

    const agent = await h.browser.newPage(view);
    await login(agent, h.url, 'agent');
    await agent.goto(`${h.url}/workbench`);
    await agent.getByTestId('wb-new-call').click();
    await agent.getByTestId('wb-new-call-number').fill('13900001234');
    await agent.getByTestId('wb-new-call-start').click();
    await agent.locator('[data-testid="wb-call"][data-status="answered"]').waitFor();
    const say = (await agent.getByTestId('wb-sop-say').textContent()) ?? '';
    expect(say).toContain('您好，临江市 12345 政务服务便民热线，1024号为您服务');
    expect(say).not.toContain('江城市');
    // the caller hangs up; the agent is free for the next call
    await agent.getByTestId('wb-hangup').click();
    await agent.getByTestId('wb-hangup-confirm').click();
    await agent.locator('[data-testid="wb-call"][data-status="answered"]').waitFor({ state: 'detached' });
    await agent.close();
  });

  it('a ticket’s contact log: an agent logs a call-back that reached the caller', async () => {
    const page = await h.browser.newPage(view);
    await login(page, h.url, 'agent');
    const created = await page.evaluate(async () => {
      const r = await fetch('/api/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'web', category: 'help', subCategory: 'utilities', callerName: '张三', callerPhone: '13812345678', address: '滨江区望江路 8 号', description: '小区停水两天' }),
      });
      return (await r.json()) as { id: string };
    });
    await page.goto(`${h.url}/tickets/${created.id}`);
    await page.getByTestId('ticket-contacts').waitFor();
    await page.getByText(zhCN['tk.contact.none']).waitFor();
    await page.getByTestId('ticket-contact-log').click();
    await page.getByTestId('ticket-contact-note').fill('已电话告知预计恢复供水时间');
    await page.getByTestId('ticket-contact-save').click();
    await page.getByTestId('ticket-contact').first().waitFor();
    const text = (await page.getByTestId('ticket-contacts').textContent()) ?? '';
    expect(text).toContain(zhCN['tk.contact.channel.phone']);
    expect(text).toContain(zhCN['tk.contact.reached']);
    expect(text).toContain('已电话告知预计恢复供水时间');
    // the 12345 pack's first contact is due at once (0m): a web ticket's contact seconds later is recorded as late
    expect(await page.getByTestId('ticket-first-contact').getAttribute('data-verdict')).toBe('late');
    await shot(page, 'ticket-contact-log');
    await page.close();
  });

  it('a lead marks a wrong answer on a call; the caller appears among the callback tasks as 差错更正 with the right answer', async () => {
    // a call of the agent's, taken on the workbench and ended
    const agent = await h.browser.newPage(view);
    await login(agent, h.url, 'agent');
    const callId = await agent.evaluate(async () => {
      const post = async (url: string, body: unknown) => {
        const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
        return (await r.json()) as unknown;
      };
      const { callId } = (await post('/api/workbench/calls', { from: '13900005678', direction: 'in' })) as { callId: string };
      await post(`/api/workbench/calls/${callId}/events`, { type: 'end', endedBy: 'customer' });
      return callId;
    });
    await agent.close();
    const lead = await h.browser.newPage(view);
    await login(lead, h.url, 'lead');
    await lead.goto(`${h.url}/calls/${callId}`);
    await lead.getByTestId('call-correction').click();
    await lead.getByTestId('call-correction-text').fill('停水期间的送水点在望江路社区服务中心，不是街道办。');
    await lead.getByTestId('call-correction-submit').click();
    await lead.locator('.ant-message-success').waitFor();
    const tasks = await lead.evaluate(async () => (await (await fetch('/api/callbacks?status=open')).json()) as Array<{ reason: string; detail: string | null }>);
    expect(tasks.some((x) => x.reason === 'correction' && x.detail?.includes('社区服务中心'))).toBe(true);
    await lead.close();
  });
});
