import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';
import { zhCN } from '../src/web/i18n/zh-CN.js';

// The demo seeds three tickets for these views (src/server/modules/tickets/demo-tickets.ts): an emergency due
// within hours, a complaint never signed for (overdue, supervised once the worker ran), and one waiting for 回访.
let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

const viewport = { width: 1440, height: 960 };
const row = (page: Page, text: string) => page.locator('.ant-table-row', { hasText: text });

async function openTickets(page: Page) {
  await page.goto(`${h.url}/tickets`);
  await page.getByTestId('page-tickets').waitFor();
}

describe.skipIf(!haveChromium)('工单 views in Chromium', () => {
  it('each view says how many tickets it holds, and 即将到期 / 已超时 hold as many as the wallboard counts', async () => {
    const page = await h.browser.newPage({ viewport });
    await login(page, h.url, 'lead');
    const board = (await (await page.request.get(`${h.url}/api/wallboard`)).json()) as { tickets: { dueSoon: number; overdue: number } };
    const all = (await (await page.request.get(`${h.url}/api/tickets?limit=1`)).json()) as { total: number };
    expect(all.total).toBe(3);
    await openTickets(page);
    const total = page.locator('.ant-pagination-total-text');
    await expect.poll(async () => total.textContent(), { timeout: 15_000 }).toBe(`共 ${all.total} 张工单`);
    // at 1440 the title column takes the room the others leave (each has a width of its own), the full title on hover
    await page.locator('.ant-table-row').first().waitFor();
    const widths = await page
      .getByTestId('tickets-table')
      .locator('thead th')
      .evaluateAll((ths) => ths.map((th) => [th.textContent ?? '', th.getBoundingClientRect().width] as const));
    const titleWidth = widths.find(([name]) => name === zhCN['tk.title'])?.[1] ?? 0;
    expect(widths).toHaveLength(8);
    for (const [name, w] of widths) if (name !== zhCN['tk.title']) expect({ name, titleWider: titleWidth > 1.8 * w }).toEqual({ name, titleWider: true });
    // and the narrow columns still hold what they show (nothing spills out of its cell)
    const spill = await page.locator('.ant-table-row').first().locator('td').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent));
    expect(spill).toEqual([]);
    const firstTitle = page.getByTestId('ticket-row-title').first();
    const fullTitle = (await firstTitle.textContent()) ?? '';
    await firstTitle.hover();
    await page.locator('.ant-tooltip').filter({ hasText: fullTitle }).waitFor();
    for (const [view, n] of [
      ['dueSoon', board.tickets.dueSoon],
      ['overdue', board.tickets.overdue],
    ] as const) {
      expect(n).toBe(1);
      await page.getByTestId(`view-${view}`).click();
      await expect.poll(async () => total.textContent(), { timeout: 15_000 }).toBe(`共 ${n} 张工单`);
      // the total can be drawn a moment before the rows of the view's answer
      await expect.poll(async () => page.locator('.ant-table-row').count(), { timeout: 15_000 }).toBe(n);
    }
    await page.close();
  });

  it('即将到期 with a live countdown, 已超时 under 督办, a saved filter applied from another view, and the export following it', async () => {
    const page = await h.browser.newPage({ viewport });
    await login(page, h.url, 'agent');
    await openTickets(page);
    // next year's holidays are not built in yet, but an agent cannot fill the calendar in: no banner for them
    await page.locator('.ant-table-row').first().waitFor();
    await expect.poll(async () => page.evaluate(async () => ((await (await fetch('/api/sla/coverage')).json()) as { years: Array<{ coverage: string }> }).years.some((y) => y.coverage === 'fallback'))).toBe(true);
    expect(await page.getByTestId('calendar-coverage-banner').count()).toBe(0);

    await page.getByTestId('view-dueSoon').click();
    // the overdue complaint leaves the list once the due-soon query has answered
    await expect.poll(async () => (await page.locator('.ant-table-row').allTextContents()).join('|'), { timeout: 15_000 }).not.toContain('物业长期不清理楼道杂物');
    await row(page, '滨江花园门口供水管爆裂').waitFor();
    const countdown = row(page, '滨江花园门口供水管爆裂').getByTestId('due-countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/剩余 \d{2}:\d{2}:\d{2}/);
    await expect.poll(async () => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    await shot(page, 'tickets-due-soon');

    await page.getByTestId('view-overdue').click();
    const overdue = row(page, '物业长期不清理楼道杂物');
    await overdue.waitFor();
    await expect.poll(async () => (await overdue.getByTestId('due-countdown').textContent()) ?? '').toMatch(/已超时/);
    // the worker's breach put it under supervision (the list refetches; reload to not wait for it)
    await expect
      .poll(
        async () => {
          await page.reload();
          await row(page, '物业长期不清理楼道杂物').waitFor();
          return row(page, '物业长期不清理楼道杂物').textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('督办');
    // its history says who put it there and why in Chinese: 系统, the time limit by name and its duration in words
    await row(page, '物业长期不清理楼道杂物').getByRole('link').click();
    await page.getByTestId('page-ticket').waitFor();
    const history = page.getByTestId('ticket-history');
    await expect.poll(async () => (await history.textContent()) ?? '').toMatch(/督办\s*系统[\s\S]*时限（\d+ 个工作(日|小时)）已过，系统自动督办/);
    expect((await history.textContent()) ?? '').not.toMatch(/time limit|sla-worker|[a-z]{2,}/);
    await shot(page, 'ticket-auto-supervised');
    await page.goBack();
    await page.getByTestId('page-tickets').waitFor();

    // save the overdue view as a filter, go elsewhere, apply it
    await page.getByTestId('saved-filter-save').click();
    await page.getByTestId('saved-filter-name').fill('超时工单');
    await page.getByTestId('saved-filter-confirm').click();
    await page.getByTestId('saved-filter-超时工单').waitFor();
    await page.getByTestId('view-all').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBeNull();
    await page.getByTestId('saved-filter-超时工单').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('true');
    await expect.poll(async () => page.locator('.ant-table-row').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('物业长期不清理楼道杂物')]);
    expect(await page.getByTestId('tickets-export').count()).toBe(0); // bulk export is for admins and managers
    await shot(page, 'tickets-saved-filter');
    // the saved filter is on the server: another browser of the same person sees it
    const other = await h.browser.newPage({ viewport });
    await login(other, h.url, 'agent');
    await openTickets(other);
    await other.getByTestId('saved-filter-超时工单').waitFor();
    await other.close();

    // the emergency's page: 进展通报 every 30 minutes, times in the organisation's zone, and 修改工单
    await page.getByTestId('view-dueSoon').click();
    await row(page, '滨江花园门口供水管爆裂').getByRole('link').click();
    await page.getByTestId('page-ticket').waitFor();
    expect(await page.getByTestId('ticket-update-every').textContent()).toMatch(/^30 分钟 · 下次 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.getByTestId('ticket-edit').click();
    const title = page.locator('.ant-modal').getByLabel('标题');
    await title.fill('滨江花园门口供水管爆裂（已围挡）');
    await page.getByTestId('ticket-edit-save').click();
    await expect.poll(async () => page.locator('h3').first().textContent(), { timeout: 15_000 }).toContain('已围挡');
    await page.close();
  });

  it('回访任务: the pack’s callback script filled in for the agent, and the result recorded by archiving', async () => {
    const page = await h.browser.newPage({ viewport });
    await login(page, h.url, 'agent');
    await page.goto(`${h.url}/tickets?view=callback`);
    await page.getByTestId('callback-tasks').waitFor();
    await row(page, '翠湖小区 3 栋水压不足').click();
    const script = page.getByTestId('callback-script');
    await script.waitFor();
    // the script is filled in once the ticket's details have come: wait for the caller's name rather than read it early
    await expect.poll(async () => (await script.textContent()) ?? '', { timeout: 15_000 }).toContain('孙先生');
    const text = (await script.textContent()) ?? '';
    for (const part of ['孙先生', '李娜', '工号1024', '星河市 12345 政务服务便民热线', '12345热线', '满意、基本满意或者不满意']) expect(text).toContain(part);
    expect(text).not.toContain('{');
    expect(await page.getByTestId('callback-panel').textContent()).toContain('已更换水泵');
    await page.getByTestId('callback-sat-satisfied').click();
    // the button says the workflow's own action (the built-in 12345 workflow: 归档)
    expect(await page.getByTestId('callback-archive').textContent()).toBe(zhCN['tk.cb.archive'].replace('{action}', '归档'));
    await shot(page, 'tickets-callback');
    await page.getByTestId('callback-archive').click();
    await expect.poll(async () => row(page, '翠湖小区 3 栋水压不足').count(), { timeout: 15_000 }).toBe(0);
    await page.close();
  });

  it('工作日历: a day switched off in the month view, next year imported from YAML, saved, exported, and the tickets banner gone', async () => {
    const page = await h.browser.newPage({ viewport });
    await login(page, h.url, 'admin');
    // the admin, who can fill next year in, is told on the tickets pages, with a link to the calendar
    await openTickets(page);
    await expect.poll(async () => page.getByTestId('calendar-coverage-banner').count()).toBe(1);
    expect(await page.getByTestId('calendar-coverage-banner').locator('a[href="/settings/calendar"]').count()).toBe(1);

    // the Excel export says what the page says: each ticket's 受理时间 as shown, status and category as shown
    await page.locator('.ant-table-row').first().waitFor();
    const heads = (await page.locator('.ant-table-thead th').allTextContents()).map((x) => x.trim());
    const shownRows = await page.locator('.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    const href = (await page.getByTestId('tickets-export').getAttribute('href')) ?? '';
    expect(href).toContain('lang=zh-CN');
    const res = await page.request.get(`${h.url}${href}`);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cols = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const cell = (n: number, header: string) => ws.getRow(n).getCell(cols.indexOf(header) + 1).value;
    expect(shownRows.length).toBeGreaterThan(0);
    for (const shownRow of shownRows) {
      const at = (header: string) => shownRow[heads.indexOf(header)] ?? '';
      const n = [...Array(ws.rowCount).keys()].map((i) => i + 1).find((i) => cell(i, '工单编号') === at('工单号'));
      expect(n, at('工单号')).toBeDefined();
      const created = cell(n!, '受理时间');
      expect(created instanceof Date ? created.toISOString().slice(0, 16).replace('T', ' ') : created).toBe(at('受理时间'));
      expect(at('状态').startsWith(String(cell(n!, '状态'))), `${at('状态')} / ${String(cell(n!, '状态'))}`).toBe(true); // the page adds a 督办 tag
      expect(cell(n!, '分类')).toBe(at('分类'));
    }
    await page.goto(`${h.url}/settings`);
    await page.getByTestId('settings-calendar-link').click();
    await page.getByTestId('page-calendar').waitFor();
    await page.getByTestId('cal-coverage-warning').waitFor();

    // a working day of the month shown becomes an extra day off
    const working = page.locator('[data-testid^="cal-day-"][data-working="true"]').first();
    const date = ((await working.getAttribute('data-testid')) ?? '').replace('cal-day-', '');
    const count = async () => Number(((await page.getByTestId('cal-working-days').textContent()) ?? '').replace(/\D/g, ''));
    const before = await count();
    await working.click();
    await expect.poll(async () => page.getByTestId(`cal-day-${date}`).getAttribute('data-working')).toBe('false');
    expect(await count()).toBe(before - 1);
    await page.getByTestId('cal-holidays').getByText(date).waitFor();

    // next year's holidays from a calendar file (the format of rexian sla due --calendar)
    const next = new Date().getFullYear() + 1;
    await page.getByTestId('cal-import').click();
    await page
      .getByTestId('cal-import-text')
      .fill(
        [
          'timezone: Asia/Shanghai',
          'businessHours: { start: "08:30", end: "17:30" }',
          'holidays:',
          `  - { date: ${next}-01-01, name: 元旦 }`,
          `  - ${date}`,
          `  - { date: ${next}-10-01, name: 国庆节 }`,
          'workdays:',
          `  - ${next}-09-26`,
        ].join('\n'),
      );
    await page.getByTestId('cal-import-apply').click();
    await expect.poll(async () => page.getByTestId('cal-coverage-warning').count()).toBe(0);
    expect(await page.getByTestId('cal-start-0').inputValue()).toBe('08:30');
    await shot(page, 'calendar-editor');
    await page.getByTestId('cal-save').click();
    await page.locator('.ant-message', { hasText: '日历已保存' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cal-export').click()]);
    const yaml = fs.readFileSync((await download.path()) ?? '', 'utf8');
    for (const part of ['timezone: Asia/Shanghai', `date: ${next}-10-01`, `${next}-09-26`, 'start: 08:30']) expect(yaml).toContain(part);

    // a mistake in an imported file is shown and changes nothing
    await page.getByTestId('cal-import').click();
    await page.getByTestId('cal-import-text').fill('timezone: Mars/Olympus\nholiday: []');
    await page.getByTestId('cal-import-apply').click();
    const error = (await page.getByTestId('cal-import-error').textContent()) ?? '';
    expect(error).toContain('Mars/Olympus');
    expect(error).toContain('holiday');
    await page.keyboard.press('Escape');

    // the tickets pages no longer warn: both years are covered now
    await page.goto(`${h.url}/tickets`);
    await page.getByTestId('page-tickets').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByTestId('calendar-coverage-banner').count()).toBe(0);
    await page.close();
  });
});
