import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

describe.skipIf(!haveChromium)('工作日历: business hours with a lunch break in Chromium', () => {
  it('adds an afternoon window, shows an overlap in Chinese next to the window, saves two windows, removes one', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1440, height: 960 } });
    await login(page, h.url, 'admin');
    await page.goto(`${h.url}/settings/calendar`);
    await page.getByTestId('page-calendar').waitFor();
    expect(await page.getByTestId('cal-window').count()).toBe(1);

    await page.getByTestId('cal-start-0').fill('08:30');
    await page.getByTestId('cal-end-0').fill('12:00');
    await page.getByTestId('cal-add-window').click();
    // the new window starts an hour and a half after the last one closes
    expect(await page.getByTestId('cal-start-1').inputValue()).toBe('13:30');
    expect(await page.getByTestId('cal-end-1').inputValue()).toBe('17:00');

    // an overlap is explained next to the window, in Chinese, and saving waits until it is fixed
    await page.getByTestId('cal-start-1').fill('11:30');
    const problem = page.getByTestId('cal-window-problem-1');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('与上一时段（08:30–12:00）重叠，请从 12:00 或之后开始');
    expect(await page.getByTestId('cal-save').isDisabled()).toBe(true);
    await shot(page, 'calendar-windows-overlap');
    await page.getByTestId('cal-start-1').fill('13:30');
    await expect.poll(async () => problem.count()).toBe(0);
    await shot(page, 'calendar-windows');

    await page.getByTestId('cal-save').click();
    await page.locator('.ant-message', { hasText: '日历已保存' }).waitFor();
    const saved = (await (await page.request.get(`${h.url}/api/sla/calendar`)).json()) as { businessHours: unknown };
    expect(saved.businessHours).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:00' },
    ]);
    const coverage = (await (await page.request.get(`${h.url}/api/sla/coverage`)).json()) as { businessHours: unknown };
    expect(coverage.businessHours).toEqual(saved.businessHours);

    // after a reload the two windows are back; the last one cannot be removed
    await page.reload();
    await page.getByTestId('page-calendar').waitFor();
    expect(await page.getByTestId('cal-window').count()).toBe(2);
    await page.getByTestId('cal-remove-window-1').click();
    await page.getByTestId('cal-window').nth(1).waitFor({ state: 'detached' });
    expect(await page.getByTestId('cal-window').count()).toBe(1);
    expect(await page.getByTestId('cal-remove-window-0').isDisabled()).toBe(true);
    expect(await page.getByTestId('cal-hours').textContent()).toContain('添加时段');
    await page.close();
  });
});
