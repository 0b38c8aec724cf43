import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

interface Plan {
  week: string;
  totals: { peakAgents: number; calls: number; agentHours: number; scheduledHours: number };
  historyDays: Array<{ date: string; from: string[] }>;
  intervals: Array<{ weekday: number; time: string; calls: number; agents: number }>;
}

describe.skipIf(!haveChromium)('排班 staffing page', () => {
  it('shows the forecast the API computes, and the Erlang calculator runs the shared module in the browser', { timeout: 180_000 }, async () => {
    const page = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, h.url, 'manager');
    await page.getByTestId('main-menu').getByText(zhCN['menu.staffing']).click();
    await page.waitForURL(/\/reports\/staffing/);
    await page.getByTestId('page-staffing').waitFor();

    // The same plan through the API, with the page's session.
    const res = await page.request.get(`${h.url}/api/staffing/forecast`);
    expect(res.status()).toBe(200);
    const plan = (await res.json()) as Plan;

    await expect.poll(async () => page.getByTestId('staffing-peak').textContent(), { timeout: 20_000 }).toBe(String(plan.totals.peakAgents));
    // The cards round the API's totals (the demo's week forecasts a quarter of its one busy morning, e.g. 34.75 calls: 35, not 34).
    expect(await page.getByTestId('staffing-total-calls').textContent()).toBe(String(Math.round(plan.totals.calls)));
    expect(await page.getByTestId('staffing-agent-hours').textContent()).toBe((Math.round(plan.totals.agentHours * 10) / 10).toFixed(1));
    expect(await page.getByTestId('staffing-scheduled-hours').textContent()).toBe((Math.round(plan.totals.scheduledHours * 10) / 10).toFixed(1));
    // The busiest day's tab: its table lists the Erlang C agents of every interval, as the API has them.
    const busiest = plan.intervals.reduce((a, b) => (b.calls > a.calls ? b : a));
    const dayKey = (['staffing.mon', 'staffing.tue', 'staffing.wed', 'staffing.thu', 'staffing.fri', 'staffing.sat', 'staffing.sun'] as const)[busiest.weekday - 1] ?? 'staffing.mon';
    await page.getByRole('tab', { name: new RegExp(zhCN[dayKey]) }).click();
    const cells = page.getByTestId('staffing-agents-cell');
    await expect.poll(async () => cells.count()).toBe(48);
    const shown = (await cells.allTextContents()).map(Number);
    const expected = plan.intervals.filter((i) => i.weekday === busiest.weekday).map((i) => i.agents);
    expect(shown).toEqual(expected);
    expect(await page.getByTestId('staffing-history').textContent()).toContain(plan.historyDays[busiest.weekday - 1]?.from[0] ?? '?');

    // Calculator: the published example (100 calls in 30 min, 180 s, 80 % in 20 s) needs 14 agents.
    await page.getByTestId('calc-calls').fill('100');
    await page.getByTestId('calc-ahtSec').fill('180');
    await page.getByTestId('calc-targetSec').fill('20');
    await page.getByTestId('calc-shrinkagePct').fill('30');
    await expect.poll(async () => page.getByTestId('calc-agents').textContent()).toBe('14');
    expect(await page.getByTestId('calc-sl').textContent()).toBe('88.84%');
    await page.getByTestId('page-staffing').getByRole('heading', { name: zhCN['staffing.title'] }).scrollIntoViewIfNeeded();
    await shot(page, 'staffing');

    // The Excel plan downloads.
    const xlsx = await page.request.get(`${h.url}/api/staffing/forecast.xlsx?lang=zh-CN`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-disposition']).toContain(`staffing-${plan.week}.xlsx`);
    await page.close();
  });

  it('a caller without an account sees the hotline page with the same figures as the public API', { timeout: 120_000 }, async () => {
    const page = await h.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const res = await page.request.get(`${h.url}/api/public/hotlines/demo`);
    expect(res.status()).toBe(200);
    const info = (await res.json()) as { name: string; now: { expectedWaitSec: number | null }; quietWindows: unknown[] };
    await page.goto(`${h.url}/hotline/demo`);
    await page.getByTestId('page-hotline').getByText(info.name).first().waitFor();
    const wait = info.now.expectedWaitSec === null ? zhCN['hotline.waitUnknown'] : String(Math.round(info.now.expectedWaitSec));
    expect(await page.getByTestId('hotline-wait').textContent()).toBe(wait);
    await page.getByText(zhCN['hotline.bestTimes']).waitFor();
    await page.waitForTimeout(500); // the heat map's first paint
    await shot(page, 'hotline-public');
    await page.close();
  });
});
