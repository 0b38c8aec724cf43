// Texts to the caller in the browser (issue 16): the built server's worker sends the acceptance text through a
// stand-in http SMS gateway (a server in this test process); the ticket page's 短信 card shows it sent, the agent
// switches texts off for the caller and puts the number on the hotline's list (退订), and a ticket taken with texts
// declined shows its text as not sent. In the settings' 短信退订 tab an admin puts a number on the list, a ticket for
// that caller records its acceptance text as not sent, and the admin takes the number off again.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
let gateway: Server;
const posts: Array<{ to: string[]; text: string; id: string }> = [];
const INBOUND_TOKEN = 'e2e-inbound-token-0123456789';

beforeAll(async () => {
  if (!haveChromium) return;
  gateway = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      posts.push(JSON.parse(body) as (typeof posts)[number]);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const a = gateway.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  h = await startHarness({
    REXIAN_DEMO_CALLS: 'false',
    REXIAN_SMS_GATEWAY: 'http',
    REXIAN_SMS_GATEWAY_URL: `http://127.0.0.1:${port}/sms`,
    REXIAN_SMS_INBOUND_TOKEN: INBOUND_TOKEN,
  });
});
afterAll(async () => {
  await h?.close();
  if (gateway) await new Promise((r) => gateway.close(r));
});
const view = { viewport: { width: 1440, height: 900 } };

describe.skipIf(!haveChromium)('texts to the caller in Chromium', () => {
  it('the acceptance text is sent and shown on the ticket; the agent switches texts off; a ticket taken with texts declined sends none', async () => {
    const page = await h.browser.newPage(view);
    await login(page, h.url, 'agent');
    await page.getByTestId('main-menu').getByText(zhCN['menu.tickets'], { exact: true }).click();
    await page.getByTestId('new-ticket').click();
    await page.getByTestId('ticket-category').click();
    await page.locator('.ant-select-item-option', { hasText: '紧急' }).click();
    await page.getByTestId('ticket-caller-phone').fill('139 0000 2468');
    await page.getByTestId('ticket-title').fill('望江路井盖缺失');
    await page.getByTestId('ticket-description').fill('望江路 8 号门口井盖缺失，夜间有人踩空的危险。');
    await page.getByTestId('ticket-address').fill('望江路 8 号');
    await page.getByTestId('ticket-save').click();
    await page.getByTestId('page-ticket').waitFor();
    const number = ((await page.locator('h3').first().textContent()) ?? '').split(' · ')[0]?.trim() ?? '';
    expect(number).toMatch(/^\d{8}-\d{4}$/);

    // the worker sends it within a few seconds; the card shows it sent once it has (refetch by reloading)
    await expect.poll(() => posts.filter((p) => p.text.includes(number)).length, { timeout: 20_000 }).toBe(1);
    const sent = posts.find((p) => p.text.includes(number));
    expect(sent?.to).toEqual(['13900002468']);
    expect(sent?.text).toContain('紧急事项已受理');
    await page.reload();
    const card = page.getByTestId('ticket-texts');
    await card.locator('[data-testid="ticket-text"][data-kind="acceptance"][data-status="sent"]').waitFor();
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain(zhCN['tk.texts.status.sent']);
    expect(cardText).toContain(sent?.text ?? '?');
    expect(cardText).toContain('13900002468');
    expect(cardText).not.toMatch(/[A-Za-z]{3,}/);
    await shot(page, 'ticket-texts');

    // the caller asks for no more texts
    await card.getByTestId('ticket-texts-opt-out').click();
    await page.locator('.ant-message-success').waitFor();
    const id = page.url().split('/').at(-1) ?? '';
    const detail = await page.evaluate(async (ticketId) => ((await (await fetch(`/api/tickets/${ticketId}`)).json()) as { textsOptOut: boolean }).textsOptOut, id);
    expect(detail).toBe(true);

    // and declines the hotline's texts altogether: the number goes on the list (退订)
    await card.getByTestId('ticket-texts-list-add').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: zhCN['tk.texts.addToList'] }).click();
    await card.getByText(zhCN['tk.texts.numberOptedOut']).waitFor();
    const listed = await page.evaluate(async () => ((await (await fetch('/api/caller-texts/opt-outs')).json()) as { items: Array<{ phone: string; source: string }> }).items);
    expect(listed).toEqual([expect.objectContaining({ phone: '13900002468', source: 'staff' })]);

    // a ticket whose caller declines texts at intake: its acceptance text is recorded, not sent
    await page.getByTestId('main-menu').getByText(zhCN['menu.tickets'], { exact: true }).click();
    await page.getByTestId('new-ticket').click();
    await page.getByTestId('ticket-category').click();
    await page.locator('.ant-select-item-option', { hasText: '求助' }).click();
    await page.getByTestId('ticket-caller-phone').fill('13900001357');
    await page.getByText(zhCN['tk.texts.optOutAtIntake']).click();
    await page.getByTestId('ticket-description').fill('路灯不亮已经一周');
    await page.getByTestId('ticket-address').fill('望江路 10 号');
    await page.getByTestId('ticket-save').click();
    await page.getByTestId('page-ticket').waitFor();
    const declined = page.getByTestId('ticket-texts');
    await declined.locator('[data-testid="ticket-text"][data-kind="acceptance"][data-status="skipped"]').waitFor();
    expect((await declined.textContent()) ?? '').toContain(`${zhCN['tk.texts.status.skipped']} · ${zhCN['tk.texts.skip.opted_out']}`);
    expect(await declined.getByTestId('ticket-texts-opt-out').getAttribute('aria-checked')).toBe('true');
    expect(posts.filter((p) => p.to.includes('13900001357'))).toEqual([]);

    // a ticket with no texts yet: the switch's label and the empty message sit on lines of their own (they used to run
    // together as one sentence); the texts answer is emptied in the browser, the page is the real one
    await page.route('**/api/tickets/*/texts', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...((await response.json()) as object), items: [] } });
    });
    await page.reload();
    const empty = page.getByTestId('ticket-texts');
    const label = empty.getByText(zhCN['tk.texts.optOut'], { exact: true });
    const none = empty.getByText(zhCN['tk.texts.none'], { exact: true });
    await none.waitFor();
    const [labelBox, noneBox] = [await label.boundingBox(), await none.boundingBox()];
    expect(noneBox!.y).toBeGreaterThanOrEqual(labelBox!.y + labelBox!.height);
    await page.unroute('**/api/tickets/*/texts');
    await page.close();
  });

  it('设置 → 短信退订: the admin adds a number (a wrong one is refused in Chinese), its ticket sends no text, the admin removes it', async () => {
    // a caller who replied 退订 to an earlier text (the gateway posts the reply): the list shows how each number came
    const reply = await fetch(`${h.url}/api/sms/inbound/demo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INBOUND_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+86 137 0000 5555', text: '退订' }),
    });
    expect(await reply.json()).toEqual({ optedOut: true });

    const page = await h.browser.newPage(view);
    await login(page, h.url, 'admin');
    await page.getByTestId('main-menu').getByText(zhCN['menu.settings'], { exact: true }).click();
    await page.getByRole('tab', { name: zhCN['optOuts.tab'] }).click();
    const tab = page.getByTestId('opt-outs-tab');
    await tab.locator('[data-testid="opt-out-row"][data-phone="13700005555"]').waitFor();

    // a landline is refused in the form, in Chinese, and nothing is sent to the server
    await tab.getByTestId('opt-outs-phone').fill('0571-8765 4321');
    await tab.getByTestId('opt-outs-add').click();
    await tab.getByText(zhCN['optOuts.phoneInvalid']).waitFor();

    await tab.getByTestId('opt-outs-phone').fill('139 0000 8642');
    await tab.getByTestId('opt-outs-add').click();
    await page.locator('.ant-message-success', { hasText: zhCN['optOuts.added'] }).waitFor();
    const added = tab.locator('[data-testid="opt-out-row"][data-phone="13900008642"]');
    await added.waitFor();
    expect(await added.textContent()).toContain(zhCN['optOuts.source.staff']);
    expect(await tab.locator('[data-testid="opt-out-row"][data-phone="13700005555"]').textContent()).toContain(zhCN['optOuts.source.reply']);
    // the rows are what the API holds, newest first, with the time each was added
    const listed = await page.evaluate(async () => ((await (await fetch('/api/caller-texts/opt-outs')).json()) as { items: Array<{ phone: string; source: string; createdAt: string }> }).items);
    expect(listed.slice(0, 2).map((x) => [x.phone, x.source])).toEqual([
      ['13900008642', 'staff'],
      ['13700005555', 'reply'],
    ]);
    const rows = await tab.locator('[data-testid="opt-out-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-phone')));
    expect(rows).toEqual(listed.map((x) => x.phone));
    const tabText = (await tab.textContent()) ?? '';
    expect(tabText).not.toMatch(/[A-Za-z]{2,}/);
    await shot(page, 'settings-opt-outs');

    // a ticket for that caller: its acceptance text is recorded as not sent (the number declined texts), none goes out
    await page.getByTestId('main-menu').getByText(zhCN['menu.tickets'], { exact: true }).click();
    await page.getByTestId('new-ticket').click();
    await page.getByTestId('ticket-category').click();
    await page.locator('.ant-select-item-option', { hasText: '求助' }).click();
    await page.getByTestId('ticket-caller-phone').fill('13900008642');
    await page.getByTestId('ticket-description').fill('小区门口的路灯坏了三天');
    await page.getByTestId('ticket-address').fill('望江路 12 号');
    await page.getByTestId('ticket-save').click();
    await page.getByTestId('page-ticket').waitFor();
    const card = page.getByTestId('ticket-texts');
    await card.locator('[data-testid="ticket-text"][data-kind="acceptance"][data-status="skipped"]').waitFor();
    expect((await card.textContent()) ?? '').toContain(`${zhCN['tk.texts.status.skipped']} · ${zhCN['tk.texts.skip.opted_out']}`);
    await card.getByText(zhCN['tk.texts.numberOptedOut']).waitFor();
    const id = page.url().split('/').at(-1) ?? '';
    const texts = await page.evaluate(async (ticketId) => ((await (await fetch(`/api/tickets/${ticketId}/texts`)).json()) as { items: Array<{ kind: string; status: string; skipReason: string | null }> }).items, id);
    expect(texts).toEqual([expect.objectContaining({ kind: 'acceptance', status: 'skipped', skipReason: 'opted_out' })]);
    expect(posts.filter((p) => p.to.includes('13900008642'))).toEqual([]);

    // back in the settings, the admin takes the number off the list, after confirming
    await page.getByTestId('main-menu').getByText(zhCN['menu.settings'], { exact: true }).click();
    await page.getByRole('tab', { name: zhCN['optOuts.tab'] }).click();
    await added.waitFor();
    await added.getByTestId('opt-out-remove').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText(zhCN['optOuts.removeConfirm'].replace('{phone}', '13900008642')).waitFor();
    await confirm.getByRole('button', { name: zhCN['optOuts.remove'] }).click();
    await page.locator('.ant-message-success', { hasText: zhCN['optOuts.removed'] }).waitFor();
    await added.waitFor({ state: 'detached' });
    const after = await page.evaluate(async () => ((await (await fetch('/api/caller-texts/opt-outs')).json()) as { items: Array<{ phone: string }> }).items.map((x) => x.phone));
    expect(after).not.toContain('13900008642');
    expect(after).toContain('13700005555');

    // the texts' own retention period sits with the others in 数据保留 (the default until the admin changes it)
    await page.getByRole('tab', { name: zhCN['retention.tab'] }).click();
    const retention = page.getByTestId('retention-tab');
    await retention.getByText(zhCN['retention.callerTexts'], { exact: true }).waitFor();
    await expect.poll(() => retention.locator('input[data-testid="retention-callerTextsDays"], [data-testid="retention-callerTextsDays"] input').first().inputValue()).toBe('180');
    await shot(page, 'settings-retention');
    await page.close();
  });
});
