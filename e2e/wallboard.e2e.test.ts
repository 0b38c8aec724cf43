import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallboardDto } from '../src/server/modules/wallboard/wallboard.schema.js';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

const iso = (ms = Date.now()) => new Date(ms).toISOString().replace('Z', '+00:00');

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe.skipIf(!haveChromium)('wallboard (大屏)', () => {
  it('a lead starts on the wall screen; it matches the API, and a caller who starts waiting shows up live, in colour', async () => {
    const admin = await signIn('admin');
    const created = await fetch(`${h.url}/api/cti/connections`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wallboard-e2e' }) });
    const { token } = (await created.json()) as { token: string };

    const page = await h.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, h.url, 'lead');
    await page.getByTestId('page-wallboard').waitFor();
    expect(new URL(page.url()).pathname).toBe('/wallboard');
    await page.locator('[data-testid="wb-waiting"][data-value]:not([data-value="…"])').waitFor();

    // the same figures as the API
    const api = (await page.evaluate(async () => (await fetch('/api/wallboard')).json())) as WallboardDto;
    expect(await page.getByTestId('wb-offered').getAttribute('data-value')).toBe(api.today.offered.toLocaleString('zh-CN'));
    expect(await page.getByTestId('wb-agents-available').getAttribute('data-value')).toBe(String(api.agents.available));
    expect(await page.getByTestId('wb-waiting').getAttribute('data-value')).toBe(String(api.waiting.calls));
    const before = api.waiting.calls;

    // four callers start waiting: the queue tile counts them without a reload, and turns amber (demo thresholds: 3 warn, 6 alert)
    const events = [0, 1, 2, 3].map((i) => ({ eventId: `wb-e2e-${i}`, callId: `wb-e2e-${i}`, seq: 0, type: 'call.ringing', at: iso(Date.now() - (40 - i) * 1000), direction: 'in', from: `1390000000${i}`, to: '12345', queue: 'general' }));
    const res = await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    expect(res.status).toBe(200);
    const waiting = page.locator(`[data-testid="wb-waiting"][data-value="${before + 4}"]`);
    await waiting.waitFor({ timeout: 15_000 });
    expect(await waiting.getAttribute('data-level')).toBe(before + 4 >= 6 ? 'alert' : 'warn');
    // the longest of them has waited about 40 s: past the 30 s warning
    expect(await page.getByTestId('wb-longest').getAttribute('data-level')).toMatch(/warn|alert/);
    expect(await page.getByTestId('page-wallboard').textContent()).toContain(zhCN['wallboard.waiting']);
    await shot(page, 'wallboard-1920');

    // they are answered or give up: the queue empties again
    const ends = [0, 1, 2, 3].map((i) => ({ eventId: `wb-e2e-end-${i}`, callId: `wb-e2e-${i}`, seq: 1, type: 'call.ended', at: iso(), endedBy: 'customer', cause: 'cancel' }));
    await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(ends) });
    await page.locator(`[data-testid="wb-waiting"][data-value="${before}"]`).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every figure stays inside its tile, 100.0% included, on a laptop beside the menu and on a wall screen', async () => {
    // One call answered within 3 s today makes both service levels and 接通率 read 100.0%, the widest figure a tile shows.
    const admin = await signIn('admin');
    const created = await fetch(`${h.url}/api/cti/connections`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wallboard-fit-e2e' }) });
    const { token } = (await created.json()) as { token: string };
    const t0 = Date.now() - 120_000;
    const call = [
      { eventId: 'wb-fit-0', callId: 'wb-fit', seq: 0, type: 'call.ringing', at: iso(t0), direction: 'in', from: '13900000099', to: '12345', queue: 'general' },
      { eventId: 'wb-fit-1', callId: 'wb-fit', seq: 1, type: 'call.answered', at: iso(t0 + 3000), agentId: '1024' },
      { eventId: 'wb-fit-2', callId: 'wb-fit', seq: 2, type: 'call.ended', at: iso(t0 + 60_000), endedBy: 'customer', cause: 'normalClearing' },
    ];
    const res = await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(call) });
    expect(res.status).toBe(200);

    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1440, height: 900 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await h.browser.newPage({ viewport });
      await login(page, h.url, 'lead');
      await page.getByTestId('page-wallboard').waitFor();
      const api = (await page.evaluate(async () => (await fetch('/api/wallboard')).json())) as WallboardDto;
      expect(api.last30.serviceLevel).toBe(1);
      await page.locator('[data-testid="wb-sl-30"][data-value="100.0%"]').waitFor({ timeout: 15_000 });
      // each value's text fits in its tile: no wider than the room inside the tile's padding
      const overflowing = await page
        .locator('[data-testid^="wb-"][data-level] > [data-testid$="-value"]')
        .evaluateAll((values) => values.filter((v) => v.scrollWidth > v.clientWidth).map((v) => `${v.getAttribute('data-testid')}: ${v.textContent} (${v.scrollWidth} > ${v.clientWidth})`));
      expect(overflowing, `${viewport.width}×${viewport.height}`).toEqual([]);
      expect(await page.locator('[data-testid^="wb-"][data-level] > [data-testid$="-value"]').count()).toBe(11);
      if (viewport.width === 1440) await shot(page, 'wallboard-1440-full');
      await page.close();
    }
  });

  it('a manager sets the colour thresholds on the screen; agents have no wallboard', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(page, h.url, 'manager');
    await page.getByTestId('main-menu').getByText(zhCN['menu.wallboard'], { exact: true }).click();
    await page.getByTestId('page-wallboard').waitFor();
    await page.getByTestId('wallboard-settings').click();
    const warn = page.getByTestId('wb-th-waitingCalls-warn');
    await warn.fill('1');
    await page.getByTestId('wallboard-settings-save').click();
    await page.locator('.ant-message-success').waitFor();
    const saved = (await page.evaluate(async () => (await fetch('/api/wallboard/settings')).json())) as { thresholds: { waitingCalls: { warn: number } } };
    expect(saved.thresholds.waitingCalls.warn).toBe(1);
    await shot(page, 'wallboard-1366');
    await page.close();

    const agent = await h.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await login(agent, h.url, 'agent');
    expect(new URL(agent.url()).pathname).toBe('/workbench');
    expect(await agent.getByTestId('main-menu').getByText(zhCN['menu.wallboard'], { exact: true }).count()).toBe(0);
    await agent.close();
  });
});
