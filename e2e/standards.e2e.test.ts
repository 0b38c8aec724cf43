import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

describe.skipIf(!haveChromium)('服务规范 (standard pack) in Chromium', () => {
  it('shows the demo’s active pack in Chinese, edits a script into a new version, and shows the diff', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'admin');
    await page.getByTestId('main-menu').getByText(zhCN['menu.standards'], { exact: true }).click();
    await page.getByTestId('active-pack-name').waitFor();
    expect(await page.getByTestId('active-pack-name').textContent()).toMatch(/12345/);
    await shot(page, 'standards-active-pack');

    // open the first scenario, then edit its first scripted step
    const firstEdit = page.locator('[data-testid^="edit-"]').first();
    await firstEdit.click();
    const script = page.getByTestId('step-script-0');
    await script.waitFor();
    await script.fill('您好,这里是星河市12345热线,请问有什么可以帮您?(已修订)');
    await page.getByTestId('scenario-save').click();
    await page.locator('.ant-message-success').waitFor();

    await page.getByRole('tab', { name: zhCN['std.tab.versions'] }).click();
    const rows = page.locator('.ant-table-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    await rows.nth(0).locator('input[type="checkbox"]').check();
    await rows.nth(1).locator('input[type="checkbox"]').check();
    const diff = page.getByTestId('version-diff');
    await diff.getByText('(已修订)').first().waitFor();
    expect(await diff.textContent()).toContain('v1 → v2');
    await shot(page, 'standards-version-diff');
    await page.close();
  });

  it('refuses a broken upload with located errors, in words', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'manager');
    await page.goto(`${h.url}/standards`);
    await page.getByTestId('upload-pack').click();
    await page.getByTestId('upload-input').setInputFiles([{ name: 'pack.yaml', mimeType: 'text/yaml', buffer: Buffer.from('pack:\n  id: Broken Id\n  name: 坏的规范\n  version: one\n') }]);
    await page.getByTestId('upload-save').click();
    const errors = page.getByTestId('upload-errors');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain(zhCN['std.errors']);
    expect(text).toMatch(/pack\.yaml:\d+:\d+/);
    await shot(page, 'standards-upload-errors');
    await page.close();
  });

  it('lets an agent read the scripts but not edit them', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, h.url, 'agent');
    await page.goto(`${h.url}/standards`);
    await page.getByTestId('active-pack-name').waitFor();
    expect(await page.locator('[data-testid^="edit-"]').count()).toBe(0);
    expect(await page.getByTestId('upload-pack').count()).toBe(0);
    // 办理时限 lists the texts to the caller with the pack's quiet hours (21:00–08:00 in the 12345 pack)
    await page.getByRole('tab', { name: zhCN['std.tab.sla'] }).click();
    const quiet = page.getByTestId('std-caller-texts-quiet');
    await quiet.waitFor();
    expect(await quiet.textContent()).toBe(zhCN['std.callerTextsQuiet'].replace('{start}', '21:00').replace('{end}', '08:00'));
    await page.close();
  });
});
