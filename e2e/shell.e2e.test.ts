import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landingOf, menuOf } from '../src/web/sections.js';
import { sectionsByRole } from '../src/shared/roles.js';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { en } from '../src/web/i18n/en.js';
import { zhTW } from '../src/web/i18n/zh-TW.js';
import { demoAccounts, haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());


describe.skipIf(!haveChromium)('web shell in Chromium', () => {
  it('renders the login page in Chinese and refuses a wrong password in words', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(h.url);
    await page.getByTestId('login-submit').waitFor();
    expect(await page.getByText(zhCN['login.title'], { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/登\s*录/);
    await shot(page, 'login-zh-CN');
    await page.getByTestId('login-username').fill('agent');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    // the code's label in the person's language (src/shared/labels/errors.ts), not the server's English sentence
    expect(await error.textContent()).toContain('用户名或密码不正确');
    expect(await error.textContent()).not.toContain('wrong');
    await page.close();
  });

  for (const [username, role] of demoAccounts) {
    it(`signs in as ${username} and shows the ${role} menu`, async () => {
      const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
      const consoleErrors: string[] = [];
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await login(page, h.url, username);
      // each role starts where its work is
      expect(new URL(page.url()).pathname).toBe(landingOf(role, sectionsByRole[role]));
      const menu = menuOf(role, sectionsByRole[role]);
      const items = await page.getByTestId('main-menu').locator('.ant-menu-item').allTextContents();
      expect(items.map((s) => s.trim())).toEqual(menu.map((m) => zhCN[`menu.${m.key}`]));
      // every page of the menu shows something: an empty state or its content, never a blank
      for (const m of menu) {
        await page.getByTestId('main-menu').getByText(zhCN[`menu.${m.key}`], { exact: true }).click();
        await page.getByTestId(`page-${m.key}`).waitFor();
      }
      await shot(page, `menu-${username}`);
      expect(consoleErrors).toEqual([]);
      await page.close();
    });
  }

  it('switches the language to English and Traditional Chinese, and keeps the choice after a reload', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await login(page, h.url, 'manager');
    const menuTexts = async () => (await page.getByTestId('main-menu').locator('.ant-menu-item').allTextContents()).map((s) => s.trim());

    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    expect(await menuTexts()).toEqual(menuOf('manager', sectionsByRole.manager).map((m) => en[`menu.${m.key}`]));
    await shot(page, 'manager-en');

    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-item-option', { hasText: '繁體中文' }).click();
    expect(await menuTexts()).toEqual(menuOf('manager', sectionsByRole.manager).map((m) => zhTW[`menu.${m.key}`]));
    await page.reload();
    await page.getByTestId('main-menu').waitFor();
    expect(await menuTexts()).toEqual(menuOf('manager', sectionsByRole.manager).map((m) => zhTW[`menu.${m.key}`]));
    await shot(page, 'manager-zh-TW');
    await page.close();
  });

  it('lets an admin add a user from the settings page, and signs out', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await login(page, h.url, 'admin');
    await page.getByTestId('main-menu').getByText(zhCN['menu.settings'], { exact: true }).click();
    await page.getByTestId('add-user').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel(zhCN['login.username']).fill('e2e-agent');
    await modal.getByLabel(zhCN['settings.displayName']).fill('周杰');
    // pick the role, and check it was taken: under load a click can land while the dropdown is still opening
    const roleSelect = modal.locator('.ant-form-item', { has: page.getByLabel(zhCN['settings.role']) }).locator('.ant-select');
    await expect
      .poll(
        async () => {
          if (!((await roleSelect.textContent()) ?? '').includes(zhCN['role.agent'])) {
            await modal.getByLabel(zhCN['settings.role']).click();
            await page.locator('.ant-select-item-option', { hasText: zhCN['role.agent'] }).click({ timeout: 2000 }).catch(() => undefined);
          }
          return roleSelect.textContent();
        },
        { timeout: 15_000 },
      )
      .toContain(zhCN['role.agent']);
    await modal.getByLabel(zhCN['agentNo']).fill('1099');
    await modal.getByLabel(zhCN['login.password']).fill('e2e-password');
    await modal.locator('.ant-btn-primary').click();
    // either the dialog closes, or the form or the server says why not: then fail with those words
    const error = modal.locator('.ant-alert-error, .ant-form-item-explain-error').first();
    await Promise.race([modal.waitFor({ state: 'detached' }), error.waitFor()]);
    if (await error.count()) throw new Error(`adding the user was refused: ${await error.textContent()}`);
    await page.getByRole('cell', { name: 'e2e-agent' }).waitFor();
    await shot(page, 'settings-users');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    await login(page, h.url, 'e2e-agent', 'e2e-password');
    expect(await page.getByTestId('current-user').textContent()).toContain('周杰');
    await page.close();
  });
});
