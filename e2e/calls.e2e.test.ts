import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import { goAvailable, haveChromium, login, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
// a low export limit, so the demo's calls are more than one export may hold
const EXPORT_MAX_ROWS = 20;
beforeAll(async () => {
  if (haveChromium) h = await startHarness({ REXIAN_EXPORT_MAX_ROWS: String(EXPORT_MAX_ROWS) });
});
afterAll(() => h?.close());

const CALLER = '13800138000';
const view = { viewport: { width: 1440, height: 900 } };
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace('Z', '+00:00');

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function apiAs(cookie: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(h.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Posts events to the normalised webhook as the switch would. */
function pbx(token: string) {
  return async (...events: Array<Record<string, unknown>>) => {
    const res = await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    const body = (await res.json()) as { accepted: number; rejected: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.rejected, JSON.stringify(body)).toBe(0);
  };
}

/**
 * Keeps a handle on every WebSocket the page opens and a log of the raw messages each receives,
 * so the test can drop the connection the way a network hiccup would and see what came back.
 */
async function watchSockets(page: Page) {
  // runs in the page, before the app: plain JavaScript, since this file is type-checked for Node
  await page.addInitScript({
    content: `(() => {
      const Native = window.WebSocket;
      window.__sockets = [];
      window.__raw = [];
      window.WebSocket = class extends Native {
        constructor(url, protocols) {
          if (window.__offline) throw new Error('offline');
          super(url, protocols);
          const n = window.__sockets.push(this) - 1;
          this.addEventListener('message', (e) => {
            const m = JSON.parse(String(e.data));
            window.__raw.push({ socket: n, id: m.id, type: m.type });
          });
        }
      };
    })();`,
  });
}

type Raw = Array<{ socket: number; id?: string; type: string }>;
const sockets = async (page: Page) => (await page.evaluate('window.__sockets.map((s) => ({ url: s.url, open: s.readyState === 1 }))')) as Array<{ url: string; open: boolean }>;
const raw = async (page: Page) => (await page.evaluate('window.__raw')) as Raw;
const dropConnection = (page: Page) => page.evaluate('window.__sockets.at(-1).close()');

describe.skipIf(!haveChromium)('通话 (calls) in Chromium: screen pop, live state, list, board', () => {
  it('a call rings at agent 1024: screen pop with history → answered → ended → list, detail and the team board', async () => {
    // as admin, over the API: a switch connection, and a ticket from this caller so the pop has history
    const admin = await signIn('admin');
    const conn = await apiAs(admin, '/api/cti/connections', { name: 'e2e PBX', kind: 'events' });
    const send = pbx(String(conn['token']));
    const ticket = await apiAs(admin, '/api/tickets', {
      category: 'help',
      callerName: '赵女士',
      callerPhone: CALLER,
      title: '小区路灯连续一周不亮',
      description: '来电人反映锦绣小区东门外路灯连续一周不亮,夜间出行不便,要求尽快维修。',
      address: '锦绣小区东门',
    });
    // an earlier call from the same number that the caller gave up on: a previous call, and a callback task
    const t0 = Date.now() - 20 * 60_000;
    await send(
      { eventId: 'missed-0', callId: 'e2e-missed', seq: 0, type: 'call.ringing', at: iso(t0), direction: 'in', from: CALLER, to: '12345', queue: 'general' },
      { eventId: 'missed-1', callId: 'e2e-missed', seq: 1, type: 'call.ended', at: iso(t0 + 38_000), endedBy: 'customer', cause: 'cancel' },
    );

    // the agent signs in and shows available (示闲)
    const agent = await h.browser.newPage(view);
    await watchSockets(agent);
    await login(agent, h.url, 'agent');
    await agent.locator('[data-testid="live-status"][data-status="open"]').waitFor();
    await goAvailable(agent);
    expect(await agent.getByTestId('agent-state-label').textContent()).toBe(zhCN['agent.state.available']);
    // away from the workbench (the agent's home, which shows the pop in a column of its own), the pop opens in a drawer
    await agent.getByTestId('main-menu').getByText(zhCN['menu.knowledge'], { exact: true }).click();
    await agent.getByTestId('page-knowledge').waitFor();

    // the switch reports a call ringing at 1024: the screen pop opens with the number and the caller's history
    let seq = 0;
    const ev = (type: string, extra: Record<string, unknown> = {}) => ({ eventId: `call1-${seq}`, callId: 'e2e-call-1', seq: seq++, type, at: iso(), ...extra });
    const posted = Date.now();
    await send(ev('call.ringing', { direction: 'in', from: CALLER, to: '12345', queue: 'general', agentId: '1024' }));
    const pop = agent.getByTestId('screen-pop');
    await pop.getByTestId('screen-pop-number').waitFor();
    const popMs = Date.now() - posted;
    expect(await pop.getByTestId('screen-pop-number').textContent()).toBe(CALLER);
    expect(await pop.getByTestId('screen-pop-tickets').textContent()).toContain(String(ticket['number']));
    expect(await pop.getByTestId('screen-pop-tickets').textContent()).toContain('小区路灯连续一周不亮');
    expect(await pop.getByTestId('screen-pop-tickets').getByTestId('due-countdown').count()).toBeGreaterThan(0);
    expect(await pop.getByTestId('screen-pop-history').textContent()).toContain(zhCN['calls.outcome.abandoned']);
    // the drawer has slid in all the way (its right edge at the window's) before the picture
    await expect
      .poll(async () => {
        const box = await agent.locator('.screen-pop .ant-drawer-content-wrapper').boundingBox();
        return box ? Math.round(box.x + box.width) : -1;
      })
      .toBe(view.viewport.width);
    await shot(agent, 'calls-screen-pop');
    console.log(`screen pop with the caller's number shown ${popMs} ms after the ringing event was posted`);

    // answered, with a live transcript; the agent is on a call and cannot pick another state
    await send(
      ev('call.answered', { agentId: '1024' }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 300, end: 4200, text: '您好,12345政务服务便民热线,1024号为您服务,请问有什么可以帮您?' } }),
      ev('transcript.segment', { segment: { speaker: 'customer', start: 4800, end: 11000, text: '你好,我上周反映的锦绣小区路灯还是不亮,想问一下进度。' } }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 11500, end: 18000, text: '好的,我帮您查询一下,您的工单已经派给市政部门,正在办理中。' } }),
      ev('transcript.segment', { segment: { speaker: 'customer', start: 18500, end: 21000, text: '好的,谢谢。' } }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 21500, end: 25000, text: '感谢您的来电,再见。' } }),
    );
    await agent.locator('[data-testid="agent-state"][data-state="on_call"]').waitFor();
    await pop.getByTestId('screen-pop-transcript').waitFor();
    // the network drops while the caller goes on: the sentence is not replayed on resuming (segments are not stored as
    // events); the drawer refetches the call's transcript once the feed is back
    await agent.evaluate('window.__offline = true');
    await dropConnection(agent);
    await agent.locator('[data-testid="live-status"][data-status="reconnecting"]').waitFor();
    await send(ev('transcript.segment', { segment: { speaker: 'customer', start: 25500, end: 27000, text: '那我再等等。' } }));
    await agent.evaluate('window.__offline = false; window.dispatchEvent(new Event("online"))');
    await agent.locator('[data-testid="live-status"][data-status="open"]').waitFor({ timeout: 15_000 });
    await pop.getByTestId('screen-pop-transcript').getByText('那我再等等。').waitFor();
    const back = (await sockets(agent)).length - 1;
    expect((await raw(agent)).filter((m) => m.socket === back && m.type === 'call.segment')).toEqual([]);
    await agent.getByTestId('agent-state').click();
    await expect.poll(() => agent.locator('.ant-dropdown-menu-item-disabled').count()).toBeGreaterThan(2);
    await agent.keyboard.press('Escape');

    // "new ticket" from the pop: the ticket form opens with the caller's number filled in
    await pop.getByTestId('screen-pop-new-ticket').click();
    await agent.getByTestId('page-tickets').waitFor();
    await expect.poll(() => agent.getByTestId('ticket-caller-phone').inputValue()).toBe(CALLER);
    await agent.locator('.ant-modal .ant-modal-close').click();
    await agent.locator('.ant-modal').waitFor({ state: 'detached' });
    // the pop, left for the ticket form, closes. The drawer keeps its content until it has slid out, which
    // takes as long as the main thread is busy with the tickets page (2.6 s measured on a loaded machine, with
    // the form opened and closed 2.8 s after the click), and the form unmounts at once when closed: counting
    // the pop right after the form closed raced the slide-out (a fresh clone's run failed on it). Nothing
    // reopens it: the answer (its early pop and the committed event, one call id for both) came in before the
    // agent left, so wait for the content to go.
    // (counted by id: the resume above replays the committed answer again, which the client drops as seen)
    expect(new Set((await raw(agent)).filter((m) => m.type === 'call.answered').map((m) => m.id)).size).toBe(2);
    await pop.waitFor({ state: 'detached' });

    // the connection drops; the call ends meanwhile; the client resumes after the last id it saw
    await dropConnection(agent);
    await send(ev('call.recording', { recordingUrl: 'https://recordings.example.invalid/e2e-call-1.mp3' }), ev('call.ended', { endedBy: 'customer', cause: 'normalClearing' }));
    await expect.poll(async () => (await sockets(agent)).filter((s) => s.open).length, { timeout: 15_000 }).toBe(1);
    const resumed = (await sockets(agent)).at(-1)!;
    expect(resumed.url).toMatch(/\/api\/live\?after=\d+$/);
    await expect.poll(async () => (await raw(agent)).some((m) => m.type === 'replayed'), { timeout: 15_000 }).toBe(true);
    const log = await raw(agent);
    const last = Math.max(...log.map((m) => m.socket));
    const replayed = log.filter((m) => m.socket === last && m.id);
    // the replay brings what was missed (the end). It starts after the last event the client saw, which may be the
    // call's ringing or a later message (a ticket's text status from the demo's worker): whether the ringing is
    // replayed depends on that, and a replayed ringing must not pop the call up again (checked below)
    expect(replayed.some((m) => m.type === 'call.ended')).toBe(true);
    await agent.locator('[data-testid="agent-state"][data-state="wrap_up"]').waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('agent-state-label').textContent()).toBe(zhCN['agent.state.wrap_up']);
    // a replayed ringing (an id already seen) does not pop the call up again, nor does the ended call
    await agent.waitForTimeout(1500);
    expect(await agent.getByTestId('screen-pop').count()).toBe(0);

    // 通话记录: the call is listed with its figures; QA checks it once it has ended
    const lead = await h.browser.newPage(view);
    await login(lead, h.url, 'lead');
    await lead.goto(`${h.url}/calls?tab=board`);
    const card = lead.getByTestId('board-group-wrap_up').getByTestId('board-agent-1024');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-state')).toBe('wrap_up');
    expect(await card.textContent()).toContain('李娜');
    await shot(lead, 'calls-board');

    await agent.getByTestId('main-menu').getByText(zhCN['menu.calls'], { exact: true }).click();
    const row = agent.getByTestId('call-row-e2e-call-1');
    await row.waitFor();
    expect(await row.textContent()).toContain(CALLER);
    expect(await row.textContent()).toContain(zhCN['calls.outcome.answered']);
    // the queue by the name the demo organisation gave it, not the switch's code
    expect(await row.textContent()).toContain('综合受理一组');
    expect(await row.textContent()).not.toContain('general');
    expect(await agent.getByTestId('call-row-e2e-missed').textContent()).toContain(zhCN['calls.outcome.abandoned']);
    await expect.poll(async () => row.getByTestId('call-qa-link').count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByTestId('call-qa-link').getAttribute('href')).toMatch(/^\/qa\/.+/);
    // bulk export is for admins and managers (docs/security.md): an agent has no export button
    expect(await agent.getByTestId('calls-export').count()).toBe(0);
    await agent.getByTestId('calls-filter-caller').fill('0138000');
    await agent.getByTestId('calls-filter-caller').press('Enter');
    await expect.poll(() => new URL(agent.url()).searchParams.get('caller')).toBe('0138000');
    await shot(agent, 'calls-list');

    // call detail: figures, timeline, recording, transcript, QA link
    await row.locator('a').first().click();
    await agent.getByTestId('page-call').waitFor();
    expect(await agent.getByTestId('call-transcript').textContent()).toContain('想问一下进度');
    expect(await agent.getByTestId('call-timeline').textContent()).toContain(zhCN['calls.event.call.ended']);
    // the switch's recording server is out of reach: the player says so and offers the link, not a silent 0:00 / 0:00
    expect(await agent.getByTestId('call-recording').getAttribute('src')).toBe('https://recordings.example.invalid/e2e-call-1.mp3');
    await agent.getByTestId('call-recording-failed').waitFor();
    expect(await agent.getByTestId('call-recording-failed').textContent()).toContain(zhCN['calls.recording.failed']);
    expect(await agent.getByTestId('call-recording-link').getAttribute('href')).toBe('https://recordings.example.invalid/e2e-call-1.mp3');
    expect(await agent.getByTestId('call-recording').isVisible()).toBe(false);
    await agent.getByTestId('call-open-qa').waitFor();
    await shot(agent, 'calls-detail');

    // 回拨任务: the abandoned call is waiting; one unanswered attempt is recorded
    await lead.goto(`${h.url}/calls?tab=callbacks`);
    const cb = lead.getByTestId('callbacks-table').locator('tr', { hasText: CALLER });
    await cb.waitFor();
    // a daytime miss is 放弃呼叫; in the pack's night hours (22:00–08:00) it is a 夜间来电
    expect(await cb.textContent()).toMatch(new RegExp(`${zhCN['callback.reason.abandoned']}|${zhCN['callback.reason.night']}`));
    await cb.getByTestId('callback-record').click();
    await lead.locator('.ant-radio-button-wrapper', { hasText: zhCN['callback.outcome.no_answer'] }).click();
    await lead.getByTestId('callback-save').click();
    await expect.poll(async () => (await cb.locator('td').nth(3).textContent())?.trim(), { timeout: 10_000 }).toBe('1');

    for (const p of [agent, lead]) await p.close();
  });

  it('times read in the organisation’s time zone in one format, whatever the browser’s zone (QA list, call list)', async () => {
    const cookie = await signIn('manager');
    const zone = (await (await fetch(`${h.url}/api/sla/coverage`, { headers: { cookie } })).json()) as { timezone: string };
    expect(zone.timezone).toBe('Asia/Shanghai');
    // independent of the page's formatter: UTC+8 by hand, as 2026-12-05 09:04
    const inShanghai = (iso: string, seconds = false) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
    // a browser in New York, where the same instant is the day before or 13 hours earlier
    const page = await h.browser.newPage({ ...view, timezoneId: 'America/New_York' });
    await login(page, h.url, 'manager');

    const qa = (await (await fetch(`${h.url}/api/qa/results?limit=1&offset=0`, { headers: { cookie } })).json()) as { items: Array<{ id: string; startedAt: string }> };
    const first = qa.items[0]!;
    await page.goto(`${h.url}/qa`);
    const qaRow = page.locator(`tr[data-row-key="${first.id}"]`);
    await qaRow.waitFor();
    expect((await qaRow.locator('td').nth(2).textContent())?.trim()).toBe(inShanghai(first.startedAt));

    const calls = (await (await fetch(`${h.url}/api/calls?limit=1&offset=0`, { headers: { cookie } })).json()) as { items: Array<{ externalId: string; ringingAt: string }> };
    const call = calls.items[0]!;
    await page.goto(`${h.url}/calls`);
    const callRow = page.getByTestId(`call-row-${call.externalId}`);
    await callRow.waitFor();
    expect((await callRow.locator('td').first().textContent())?.trim()).toBe(inShanghai(call.ringingAt, true));
    await page.close();
  });

  it('an export over the row limit is refused in words, not as the server’s JSON', async () => {
    const manager = await h.browser.newPage(view);
    await login(manager, h.url, 'manager');
    await manager.goto(`${h.url}/calls`);
    const button = manager.getByTestId('calls-export');
    await button.waitFor();
    // the demo's calls are more than the limit: the button asks the server, which refuses with 422 EXPORT_TOO_LARGE
    const total = (await (await fetch(`${h.url}/api/calls?limit=1`, { headers: { cookie: await signIn('manager') } })).json()) as { total: number };
    expect(total.total).toBeGreaterThan(EXPORT_MAX_ROWS);
    await button.click();
    const refusal = manager.getByTestId('export-error');
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    // the refusal in Chinese with the figures, no code, no JSON, no English sentence
    expect(text).toContain(String(EXPORT_MAX_ROWS));
    expect(text).not.toMatch(/[A-Za-z{}"]/);
    expect(manager.url()).toBe(`${h.url}/calls`);
    await shot(manager, 'calls-export-refused');
    await manager.close();
  });

  it('admin: a Zammad-compatible connection shows its token and URL once, and can be revoked', async () => {
    const admin = await h.browser.newPage(view);
    await login(admin, h.url, 'admin');
    await admin.goto(`${h.url}/calls?tab=connections`);
    await admin.getByTestId('cti-new').click();
    await admin.getByTestId('cti-name').fill('机房 Asterisk');
    await admin.getByTestId('cti-kind-zammad').click();
    await admin.getByTestId('cti-save').click();
    const token = (await admin.getByTestId('cti-token').textContent())?.trim() ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(await admin.getByTestId('cti-url').textContent()).toContain(`/api/cti/zammad/${token}`);
    // the URL works as Zammad's generic CTI endpoint: nothing to do for a new call
    const res = await fetch(`${h.url}/api/cti/zammad/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=newCall&from=13900001111&to=12345&direction=in&callId=z-1' });
    expect(res.status).toBe(200);
    await admin.getByTestId('cti-token-done').click();
    await admin.getByTestId('cti-revoke-机房 Asterisk').click();
    await admin.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await admin.locator('tr', { hasText: '机房 Asterisk' }).getByText(zhCN['calls.conn.revokedAt']).waitFor();
    const after = await fetch(`${h.url}/api/cti/zammad/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=newCall&from=13900001111&to=12345&direction=in&callId=z-2' });
    expect(after.status).toBe(401);
    await admin.close();
  });
});
