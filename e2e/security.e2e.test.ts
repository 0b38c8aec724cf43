import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

const pages = ['/workbench', '/tickets', '/calls', '/qa', '/reports', '/reports/monthly', '/reports/staffing', '/knowledge', '/standards', '/settings', '/settings/calendar', '/docs'];

describe.skipIf(!haveChromium)('the Content-Security-Policy in Chromium', () => {
  it('the app, its charts, its live feed and the API page run under it without a single violation', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    // as text: the tests are type-checked without the DOM library
    await page.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));",
    });
    page.on('console', (m) => {
      if (/CSP violation|Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    const first = await page.goto(h.url);
    const csp = first?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    await login(page, h.url, 'admin');
    // the live feed's WebSocket passes the origin check and the policy
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    let charts = 0;
    for (const path of pages) {
      await page.goto(h.url + path);
      await page.waitForLoadState('networkidle');
      if (path === '/reports') {
        await page.locator('canvas').first().waitFor({ timeout: 30_000 });
        charts = await page.locator('canvas').count();
      }
    }
    expect(charts).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!haveChromium)('权限: bulk export granted per organisation', () => {
  it('an admin grants export to 班长 in the settings; the lead then has the export button, an agent still does not', async () => {
    const signedIn = async (username: string) => {
      const context = await h.browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      await login(page, h.url, username);
      return page;
    };
    const lead = await signedIn('lead');
    await lead.goto(`${h.url}/calls`);
    await lead.getByTestId('calls-filter-outcome').waitFor();
    expect(await lead.getByTestId('calls-export').count()).toBe(0);

    const admin = await signedIn('admin');
    await admin.goto(`${h.url}/settings`);
    await admin.getByRole('tab', { name: zhCN['settings.permissions'] }).click();
    await admin.getByTestId('permissions-tab').waitFor();
    expect(await admin.getByTestId('permissions-tab').textContent()).toContain(zhCN['perm.export.title']);
    await admin.getByTestId('perm-export-lead').click();
    await admin.getByTestId('perm-export-save').click();
    await expect.poll(async () => (await admin.getByTestId('permissions-tab').textContent())?.includes(zhCN['perm.default']), { timeout: 10_000 }).toBe(false);
    await shot(admin, 'settings-permissions');

    await lead.reload();
    await lead.getByTestId('calls-export').waitFor({ timeout: 15_000 });
    const agent = await signedIn('agent');
    await agent.goto(`${h.url}/calls`);
    await agent.getByTestId('calls-filter-outcome').waitFor();
    expect(await agent.getByTestId('calls-export').count()).toBe(0);
    for (const p of [lead, admin, agent]) await p.context().close();
  });
});
