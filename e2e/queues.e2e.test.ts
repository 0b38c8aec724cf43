import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

async function openQueuesTab(page: Page) {
  await page.getByTestId('main-menu').getByText(zhCN['menu.settings'], { exact: true }).click();
  await page.getByTestId('page-settings').waitFor();
  await page.getByRole('tab', { name: zhCN['queues.tab'], exact: true }).click();
  await page.getByTestId('queues-tab').waitFor();
}

/** Picks (or, when already chosen, takes out) an agent in a member picker, by typing the 工号 as a person would. */
async function toggleMember(page: Page, pickerTestId: string, agentNo: string, label: string) {
  const picker = page.getByTestId(pickerTestId);
  await picker.click();
  await picker.locator('input').fill(agentNo);
  await page.locator('.ant-select-item-option:visible', { hasText: label }).click();
  // the list stays open for more picks; clicking the dialog's title closes it, as a person would
  await page.locator('.ant-modal:visible .ant-modal-title').click();
  await page.locator('.ant-select-item-option:visible').first().waitFor({ state: 'hidden' });
}

const rowText = (page: Page, code: string) => page.getByTestId(`queue-row-${code}`).textContent();

describe.skipIf(!haveChromium)('班组 (queues) in Settings, in Chromium', () => {
  it('an admin sees the demo queues, creates one with two agents, edits its members and is told a code is taken', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'admin');
    await openQueuesTab(page);

    // the three queues the demo hotline starts with, with kind and members as "工号 姓名"
    await page.getByTestId('queue-row-general').waitFor();
    await expect.poll(() => rowText(page, 'general')).toMatch(/综合受理一组.*日间.*1024 李娜.*1031 孙悦/);
    expect(await rowText(page, 'night')).toMatch(/夜间值守组.*夜间.*1047 周航/);
    expect(await rowText(page, 'expert')).toMatch(/投诉专席.*专席.*2001 陈刚/);

    // 新建班组: code, name, kind and two agents
    await page.getByTestId('queue-add').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByTestId('queue-code').fill('e2e-east');
    await modal.getByTestId('queue-name').fill('东区夜班');
    await modal.getByText(zhCN['queues.kind.night'], { exact: true }).click();
    await toggleMember(page, 'queue-members', '1024', '1024 李娜');
    await toggleMember(page, 'queue-members', '1047', '1047 周航');
    await modal.getByTestId('queue-create-ok').click();
    await page.getByTestId('queue-row-e2e-east').waitFor();
    await expect.poll(() => rowText(page, 'e2e-east')).toMatch(/东区夜班.*夜间.*1024 李娜.*1047 周航/);

    // 编辑成员: 周航 out, 陈刚 in
    await page.getByTestId('queue-edit-e2e-east').click();
    await page.locator('.ant-modal:visible').getByTestId('queue-members-edit').waitFor();
    await toggleMember(page, 'queue-members-edit', '1047', '1047 周航');
    await toggleMember(page, 'queue-members-edit', '2001', '2001 陈刚');
    await page.locator('.ant-modal:visible').getByTestId('queue-members-ok').click();
    await expect.poll(() => rowText(page, 'e2e-east'), { timeout: 10_000 }).toMatch(/1024 李娜.*2001 陈刚/);
    expect(await rowText(page, 'e2e-east')).not.toContain('周航');
    await page.locator('.ant-modal:visible').waitFor({ state: 'hidden' });
    await shot(page, 'settings-queues');

    // what the server stored is what the table shows
    const stored = await page.evaluate(async () => {
      const queues = (await (await fetch('/api/queues')).json()) as Array<{ code: string; kind: string; members: string[] }>;
      const users = (await (await fetch('/api/users')).json()) as { items: Array<{ id: string; agentNo: string | null }> };
      const q = queues.find((x) => x.code === 'e2e-east');
      return q && { kind: q.kind, agentNos: q.members.map((id) => users.items.find((u) => u.id === id)?.agentNo).sort() };
    });
    expect(stored).toEqual({ kind: 'night', agentNos: ['1024', '2001'] });

    // a code already taken (spaces around it do not make it new): refused in words, the modal stays open
    await page.getByTestId('queue-add').click();
    const again = page.locator('.ant-modal:visible');
    await again.getByTestId('queue-code').fill(' general ');
    await again.getByTestId('queue-name').fill('重复的班组');
    await again.getByTestId('queue-create-ok').click();
    const error = again.getByTestId('queue-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(zhCN['queues.err.exists'].replace('{code}', 'general'));
    await shot(page, 'settings-queues-duplicate');
    await page.keyboard.press('Escape');
    await again.waitFor({ state: 'hidden' });
    expect(await page.locator('[data-testid^="queue-row-"]').count()).toBe(4);
    await page.close();
  });

  it('lets a manager manage the queues too, as the API does', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'manager');
    await openQueuesTab(page);
    await page.getByTestId('queue-row-general').waitFor();
    expect(await page.getByText(zhCN['queues.readOnly']).count()).toBe(0);
    expect(await page.getByTestId('queue-add').count()).toBe(1);
    expect(await page.locator('[data-testid^="queue-edit-"]').count()).toBeGreaterThan(0);
    await page.close();
  });
});
