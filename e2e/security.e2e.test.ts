import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, login, startHarness, type Harness } from './harness.js';

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
