import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
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

const finding = (page: Page, check: string) => page.locator(`[data-testid="finding-item"][data-check="${check}"]`);
const effectiveScore = async (page: Page) => Number(await page.getByTestId('effective-score').getAttribute('data-score'));

async function signedIn(username: string) {
  const context = await h.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await login(page, h.url, username);
  return page;
}

describe.skipIf(!haveChromium)('质检复核与申诉 (QA review and appeal) in Chromium', () => {
  it('an inspector overturns a finding and the score changes; the agent appeals another; a lead decides the appeal', async () => {
    // a call of agent 1024 (李娜) with three findings: no farewell, no further-help offer, hung up first
    const call = { ...JSON.parse(fs.readFileSync(path.join(fixtures, 'hangup.agent-first.v2.json'), 'utf8')), id: 'E2E-REVIEW-1' };

    const inspector = await signedIn('inspector');
    // a call rexian never saw: a speech-to-text integration brings it with its connection's token
    const api = httpClient(h.url);
    const { token } = await createConnection(api, await api.login('admin'), 'e2e-asr');
    const submitted = (await postTranscripts(api, token, call)).body as { items: Array<{ transcriptId: string }> };
    const id = submitted.items[0]!.transcriptId;
    // the worker checks it in the background
    await expect
      .poll(async () => inspector.evaluate(async (url) => ((await (await fetch(url)).json()) as { result: unknown }).result !== null, `/api/qa/results/${id}`), { timeout: 60_000, interval: 500 })
      .toBe(true);

    // 1. the inspector overturns "agent hung up first": the effective score rises, the machine score stays
    await inspector.goto(`${h.url}/qa/${id}`);
    await inspector.getByTestId('page-scorecard').waitFor();
    const machine = await effectiveScore(inspector);
    await finding(inspector, 'hangup.agent-first').getByTestId('finding-overturn').click();
    await inspector.getByTestId('review-text').fill('录音显示客户先说了再见,坐席随后挂机,不算坐席先挂机');
    await inspector.getByTestId('review-submit').click();
    await expect.poll(() => effectiveScore(inspector), { timeout: 15_000 }).toBe(machine + 10);
    expect(await finding(inspector, 'hangup.agent-first').getAttribute('data-status')).toBe('overturned');
    expect(await inspector.getByTestId('machine-score').textContent()).toContain(String(machine));
    // each finding shows what it takes off, so 100 − their sum is the score on screen; the overturned one takes nothing
    const deductions = await inspector.getByTestId('finding-deduction').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
    expect(deductions).toHaveLength(3);
    expect(await finding(inspector, 'hangup.agent-first').getByTestId('finding-deduction').textContent()).toBe('−0');
    expect(await finding(inspector, 'closing.no-offer').getByTestId('finding-deduction').textContent()).toBe(`−${deductions.find((d) => d > 0)}`);
    const deducted = deductions.reduce((a, b) => a + b, 0);
    expect(100 - deducted).toBe(machine + 10);
    expect(await inspector.getByTestId('score-breakdown').textContent()).toContain(`共扣 ${deducted} 分，得分 ${machine + 10}`);
    await shot(inspector, 'qa-review-overturned');

    // 1b. the QA page's 规则校准 panel now shows 先挂机 overturned on review, in Chinese
    await inspector.goto(`${h.url}/qa`);
    const calibration = inspector.getByTestId('qa-calibration');
    await calibration.waitFor();
    await calibration.getByText('规则校准').click();
    const row = calibration.locator('tr', { hasText: '坐席先挂机' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/\d+%/);

    // 2. the agent appeals "no farewell" on their own call
    const agent = await signedIn('agent');
    await agent.goto(`${h.url}/qa/${id}`);
    await agent.getByTestId('page-scorecard').waitFor();
    expect(await agent.getByTestId('finding-overturn').count()).toBe(0); // agents do not review
    await finding(agent, 'closing.no-farewell').getByTestId('finding-appeal').click();
    await agent.getByTestId('review-text').fill('通话最后客户说“好的谢谢”,我回了“不客气,再见”,转写没有识别出来');
    await agent.getByTestId('review-submit').click();
    await finding(agent, 'closing.no-farewell').getByTestId('finding-appeal-status').waitFor();
    expect(await finding(agent, 'closing.no-farewell').getByTestId('finding-appeal-status').textContent()).toBe(zhCN['qa.review.appeal.pending']);
    expect(await finding(agent, 'closing.no-farewell').getByTestId('finding-appeal').count()).toBe(0); // once only
    await shot(agent, 'qa-review-appealed');

    // 3. the lead finds it under "appeals pending" and accepts the appeal: that finding no longer counts either
    const lead = await signedIn('lead');
    await lead.getByTestId('main-menu').getByText(zhCN['menu.qa'], { exact: true }).click();
    await lead.getByTestId('page-qa').waitFor();
    await lead.getByTestId('qa-filter-review').click();
    await lead.locator('.ant-select-item-option', { hasText: zhCN['qa.review.filter.appeals-pending'] }).click();
    await expect.poll(async () => lead.locator('.ant-table-row').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('E2E-REVIEW-1')]);
    await lead.locator('.ant-table-row a', { hasText: 'E2E-REVIEW-1' }).click();
    await lead.getByTestId('page-scorecard').waitFor();
    await finding(lead, 'closing.no-farewell').getByTestId('finding-decide').click();
    await lead.getByTestId('review-text').fill('听了录音,坐席确有道别,申诉成立');
    await lead.getByTestId('review-submit').click();
    await expect.poll(() => effectiveScore(lead), { timeout: 15_000 }).toBe(machine + 15);
    expect(await finding(lead, 'closing.no-farewell').getByTestId('finding-appeal-status').textContent()).toBe(zhCN['qa.review.appeal.accepted']);
    await shot(lead, 'qa-review-decided');

    for (const p of [inspector, agent, lead]) await p.context().close();
  });
});
