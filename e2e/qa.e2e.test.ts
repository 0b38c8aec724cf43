import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
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
    // submit through the API as the signed-in inspector, the way an integration would
    const batch = fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf8')) as unknown);
    const submitted = await page.evaluate(async (body) => {
      const r = await fetch('/api/qa/transcripts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await r.json()) as { accepted: number };
    }, batch);
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
});
