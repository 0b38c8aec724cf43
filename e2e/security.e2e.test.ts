import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Half a second of silence, 8 kHz mono 16-bit: what the stand-in switch serves as its recording. */
function silentWav(): Buffer {
  const samples = 4000;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

describe.skipIf(!haveChromium)("recordings on the switch's own server (REXIAN_RECORDING_ORIGINS)", () => {
  let pbx: http.Server;
  let pbxOrigin = '';
  let hp: Harness;
  beforeAll(async () => {
    const wav = silentWav();
    pbx = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
      res.end(wav);
    });
    await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
    // localhost, not the app's 127.0.0.1: another origin, as a switch's recording server is
    pbxOrigin = `http://localhost:${(pbx.address() as AddressInfo).port}`;
    hp = await startHarness({ REXIAN_RECORDING_ORIGINS: pbxOrigin });
  }, 120_000);
  afterAll(async () => {
    await hp?.close();
    pbx?.close();
  });

  it('the call page plays a recording from a listed origin, with no violation', async () => {
    const signedIn = await fetch(`${hp.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'rexian-demo' }) });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const conn = (await (await fetch(`${hp.url}/api/cti/connections`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'e2e recordings', kind: 'events' }) })).json()) as { token: string };
    const t0 = Date.now() - 120_000;
    let seq = 0;
    const ev = (type: string, atMs: number, extra: Record<string, unknown> = {}) => ({ eventId: `rec-${seq}`, callId: 'e2e-rec-1', seq: seq++, type, at: new Date(t0 + atMs).toISOString(), ...extra });
    const recordingUrl = `${pbxOrigin}/rec/e2e-rec-1.wav`;
    const posted = await fetch(`${hp.url}/api/cti/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        ev('call.ringing', 0, { direction: 'in', from: '13800138001', to: '12345', queue: 'general', agentId: '1024' }),
        ev('call.answered', 5000, { agentId: '1024' }),
        ev('call.recording', 60_000, { recordingUrl }),
        ev('call.ended', 61_000, { endedBy: 'customer', cause: 'normalClearing' }),
      ]),
    });
    expect(((await posted.json()) as { rejected: number }).rejected).toBe(0);
    const list = (await (await fetch(`${hp.url}/api/calls?limit=50`, { headers: { cookie } })).json()) as { items: Array<{ id: string; externalId: string }> };
    const call = list.items.find((c) => c.externalId === 'e2e-rec-1');
    expect(call).toBeDefined();

    const page = await hp.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const first = await page.goto(hp.url);
    expect(first?.headers()['content-security-policy']).toContain(`media-src 'self' ${pbxOrigin}`);
    await login(page, hp.url, 'admin');
    await page.goto(`${hp.url}/calls/${call!.id}`);
    const player = page.getByTestId('call-recording-player');
    await expect.poll(() => player.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await page.getByTestId('call-recording').getAttribute('src')).toBe(recordingUrl);
    expect(await page.getByTestId('call-recording-failed').count()).toBe(0);
    // the browser read the file's length from the switch's server (as text: no DOM library in the tests' types)
    expect(await page.evaluate("document.querySelector('[data-testid=call-recording]').duration")).toBeCloseTo(0.5, 1);
    expect(violations).toEqual([]);
    await page.close();
  });
});
