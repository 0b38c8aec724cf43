import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { createConnection, postTranscripts } from '../test/helpers/cti.js';
import { httpClient } from '../test/helpers/server.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

const fixtures = path.resolve(import.meta.dirname, '../src/shared/qa/fixtures');

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

describe.skipIf(!haveChromium)('质检 (QA) in Chromium', () => {
  it('lists checked calls and shows a scorecard with the evidence highlighted in the Chinese transcript', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'inspector');
    // the fixtures are calls rexian never saw: a speech-to-text integration brings them with its connection's token
    const batch = fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf8')) as unknown);
    const api = httpClient(h.url);
    const { token } = await createConnection(api, await api.login('admin'), 'e2e-asr');
    const submitted = (await postTranscripts(api, token, batch)).body as { accepted: number };
    expect(submitted.accepted).toBe(batch.length);

    await page.getByTestId('main-menu').getByText(zhCN['menu.qa'], { exact: true }).click();
    await page.getByTestId('page-qa').waitFor();
    // the worker checks them in the background; the list refreshes until none is queued
    await expect
      .poll(async () => (await page.locator('.ant-table-row').count()) > 0 && (await page.getByText(zhCN['qa.queued']).count()) === 0, { timeout: 60_000, interval: 500 })
      .toBe(true);
    await shot(page, 'qa-list');

    await page.getByTestId('qa-filter-check').click();
    // the option list is virtual: type to bring the option into view, as a person would
    await page.getByTestId('qa-filter-check').locator('input').fill('泄露');
    await page.locator('.ant-select-item-option', { hasText: '泄露个人信息' }).click();
    await page.locator('.ant-table-row a').first().click();
    await page.getByTestId('page-scorecard').waitFor();
    const flagged = page.getByTestId('flagged-segment');
    await flagged.first().waitFor();
    expect(await flagged.first().textContent()).toContain('泄露个人信息');
    expect(await page.getByTestId('qa-timeline').isVisible()).toBe(true);
    await shot(page, 'qa-scorecard');
    await page.close();
  });

  it('filters the list by 班组 (a queue and its members), keeps it in the URL and in the export link', async () => {
    // an administrator sets up a team of two of the demo agents (their calls come from the CTI simulator)
    const admin = await h.browser.newPage();
    await login(admin, h.url, 'admin');
    const created = await admin.evaluate(async () => {
      const users = (await (await fetch('/api/users')).json()) as { items: Array<{ id: string; agentNo: string | null }> };
      const members = users.items.filter((u) => u.agentNo === '1031' || u.agentNo === '1047').map((u) => u.id);
      const r = await fetch('/api/queues', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'e2e-qa-2', name: '质检二组', members }) });
      return { status: r.status, members: members.length };
    });
    expect(created).toEqual({ status: 201, members: 2 });
    await admin.close();

    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'inspector');
    await page.getByTestId('main-menu').getByText(zhCN['menu.qa'], { exact: true }).click();
    await page.getByTestId('page-qa').waitFor();
    const agentsShown = () => page.locator('.ant-table-row td:nth-child(2)').allTextContents();
    await expect.poll(async () => new Set((await agentsShown()).map((a) => a.trim().split(' ').at(-1))).size, { timeout: 60_000, interval: 500 }).toBeGreaterThan(2);

    await page.getByTestId('qa-filter-team').click();
    await page.locator('.ant-select-item-option', { hasText: '质检二组' }).click();
    await expect.poll(() => page.url()).toContain('team=e2e-qa-2');
    await expect
      .poll(async () => {
        const agents = await agentsShown();
        return agents.length > 0 && agents.every((a) => /(1031|1047)$/.test(a.trim()));
      }, { timeout: 30_000, interval: 300 })
      .toBe(true);
    expect(await page.getByTestId('qa-export').getAttribute('href')).toContain('team=e2e-qa-2');
    await shot(page, 'qa-list-team');

    // a reload (or a shared link) shows the same filtered list
    await page.reload();
    await page.getByTestId('page-qa').waitFor();
    // the code shows until the team names arrive
    await expect.poll(() => page.getByTestId('qa-filter-team').textContent(), { timeout: 10_000 }).toContain('质检二组');
    await expect.poll(async () => (await agentsShown()).length > 0 && (await agentsShown()).every((a) => /(1031|1047)$/.test(a.trim())), { timeout: 30_000, interval: 300 }).toBe(true);

    // a date range in the link shows in the picker (the last 30 days, as the browser counts days)
    const range = await page.evaluate(() => {
      const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const start = new Date();
      start.setDate(start.getDate() - 30);
      start.setHours(0, 0, 0, 0);
      const end = new Date();
      end.setHours(23, 59, 59, 999);
      return { from: start.toISOString(), to: end.toISOString(), days: [day(start), day(end)] };
    });
    const filtered = `/qa?team=e2e-qa-2&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
    await page.goto(h.url + filtered);
    const pickerDays = () => page.getByTestId('qa-filter-dates').locator('input').evaluateAll((xs) => xs.map((x) => (x as unknown as { value: string }).value));
    await expect.poll(pickerDays).toEqual(range.days);
    await expect.poll(async () => (await agentsShown()).length > 0 && (await agentsShown()).every((a) => /(1031|1047)$/.test(a.trim())), { timeout: 30_000, interval: 300 }).toBe(true);
    // a scorecard's back link returns to the list as it was filtered
    await page.locator('.ant-table-row a').first().click();
    await page.getByTestId('page-scorecard').waitFor();
    await page.getByTestId('back-link').click();
    await page.getByTestId('page-qa').waitFor();
    expect(new URL(page.url()).search).toBe(new URL(h.url + filtered).search);
    await expect.poll(pickerDays).toEqual(range.days);
    await page.close();
  });
});
