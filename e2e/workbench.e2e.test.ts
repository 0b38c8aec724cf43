import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, type CalendarOverrides } from '../src/shared/calendar/index.js';
import { addDuration } from '../src/shared/calendar/sla.js';
import type { Pack } from '../src/shared/standards/schema.js';
import { resolveSlaLimits } from '../src/shared/tickets/sla-policy.js';
import { zhCN } from '../src/web/i18n/zh-CN.js';
import path from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { goAvailable, haveChromium, login, screenshotDir, shot, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  if (haveChromium) h = await startHarness();
});
afterAll(() => h?.close());

const CALLER = '13907150123';
const view = { viewport: { width: 1600, height: 1000 } };
const iso = (ms = Date.now()) => new Date(ms).toISOString().replace('Z', '+00:00');

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'rexian-demo' }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function apiAs<T = Record<string, unknown>>(cookie: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(h.url + path, body === undefined ? { headers: { cookie } } : { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Posts events to the normalised webhook as the switch would. */
function pbx(token: string) {
  return async (...events: Array<Record<string, unknown>>) => {
    const res = await fetch(`${h.url}/api/cti/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
    const body = (await res.json()) as { rejected: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.rejected, JSON.stringify(body)).toBe(0);
  };
}

describe.skipIf(!haveChromium)('坐席工作台 (agent workbench) in Chromium', () => {
  it('a call rings → screen pop with history → the stepper walks the call → hold check-in at 30 s → taboo in the notes flagged → wrap-up creates a ticket with the right deadline', async () => {
    const admin = await signIn('admin');
    const conn = await apiAs(admin, '/api/cti/connections', { name: 'e2e workbench PBX', kind: 'events' });
    const send = pbx(String(conn['token']));
    const earlier = await apiAs(admin, '/api/tickets', {
      category: 'help',
      callerName: '赵女士',
      callerPhone: CALLER,
      title: '小区二次供水水压不足',
      description: '来电人反映锦绣小区 5 栋高层水压不足,晚高峰几乎无水。',
      address: '锦绣小区 5 栋',
    });

    // the agent opens the workbench with the page clock under the test's control, and shows available
    const agent = await h.browser.newPage(view);
    await agent.clock.install();
    // the agent's live feed passes through here, so the test can cut it (a network drop) and let it back
    let feed: WebSocketRoute | null = null;
    let cut = false;
    await agent.routeWebSocket(/\/api\/live/, (ws) => {
      if (cut) return void ws.close();
      ws.connectToServer();
      feed = ws;
    });
    await login(agent, h.url, 'agent');
    await agent.locator('[data-testid="live-status"][data-status="open"]').waitFor();
    await agent.getByTestId('main-menu').getByText(zhCN['menu.workbench'], { exact: true }).click();
    await agent.getByTestId('page-workbench').waitFor();
    await agent.getByTestId('wb-idle').waitFor();
    await goAvailable(agent);

    // 1. the switch rings 1024: the call and the screen pop with the caller's history appear on the workbench
    let seq = 0;
    const ev = (type: string, extra: Record<string, unknown> = {}) => ({ eventId: `wb1-${seq}`, callId: 'e2e-wb-1', seq: seq++, type, at: iso(), ...extra });
    await send(ev('call.ringing', { direction: 'in', from: CALLER, to: '12345', queue: 'general', agentId: '1024' }));
    await agent.locator('[data-testid="wb-call"][data-status="ringing"]').waitFor();
    expect(await agent.getByTestId('wb-caller').textContent()).toBe(CALLER);
    const pop = agent.getByTestId('wb-pop');
    await pop.getByTestId('screen-pop-tickets').getByText(String(earlier['number'])).waitFor();
    expect(await pop.getByTestId('screen-pop-tickets').textContent()).toContain('小区二次供水水压不足');
    expect(await agent.locator('.screen-pop').count()).toBe(0); // no drawer on the workbench: the pop is in its column
    await shot(agent, 'workbench-1-ringing');

    // 2. answered; the greeting names the organisation and 1024: 接听 completes, the call moves to 需求识别
    await send(ev('call.answered', { agentId: '1024' }));
    await agent.locator('[data-testid="wb-call"][data-status="answered"]').waitFor();
    const sop = agent.getByTestId('wb-sop');
    expect(await sop.getAttribute('data-stage')).toBe('answer');
    expect(await sop.getByTestId('wb-sop-say').textContent()).toContain('1024号为您服务');
    await send(ev('transcript.segment', { segment: { speaker: 'agent', start: 400, end: 7600, text: '您好,江城市12345政务服务便民热线,1024号为您服务,请讲。' } }));
    await agent.locator('[data-testid="wb-sop"][data-stage="identify"]').waitFor();
    expect(await agent.getByTestId('wb-sop-step-answer').getAttribute('data-done')).toBe('true');

    // 3. the caller states the need: suggestions appear, the call moves to 记录分类
    await send(ev('transcript.segment', { segment: { speaker: 'customer', start: 8000, end: 16000, text: '你好,我们小区停水两天了,一直没有人来修,家里老人孩子都没水用。' } }));
    await agent.locator('[data-testid="wb-sop"][data-stage="record"]').waitFor();
    await agent.getByTestId('wb-assist').getByTestId('wb-follow').first().waitFor();
    await shot(agent, 'workbench-2-stepper');

    // the feed drops while the caller goes on: the sentence said meanwhile is not replayed (segments are not stored
    // as events); when the feed is back the workbench refetches the call and shows it
    cut = true;
    await (feed as WebSocketRoute | null)!.close();
    await agent.locator('[data-testid="live-status"][data-status="reconnecting"]').waitFor();
    await send(ev('transcript.segment', { segment: { speaker: 'customer', start: 16100, end: 16400, text: '楼上几户也一样。' } }));
    cut = false;
    await agent.locator('[data-testid="live-status"][data-status="open"]').waitFor({ timeout: 20_000 });
    await agent.getByTestId('wb-transcript').getByText('楼上几户也一样。').waitFor();

    // the agent classifies the request: 求助; the pack's limits for it show before the ticket exists
    await agent.getByTestId('wb-wrap-category').click();
    await agent.locator('.ant-select-item-option', { hasText: '求助' }).click();
    await agent.locator('[data-testid="wb-sop"][data-stage="resolve"]').waitFor();
    expect(await agent.getByTestId('wb-sla-preview').textContent()).toContain('5 个工作日');

    // mid-call on the screens agents have: the wrap-up form is wide (not a 330 px column), and the suggestions and
    // knowledge are on screen without scrolling, in a column of their own beside it
    for (const [width, height] of [
      [1366, 768],
      [1440, 900],
      [1920, 1080],
    ] as const) {
      await agent.setViewportSize({ width, height });
      await agent.evaluate('window.scrollTo(0, 0)');
      await expect.poll(async () => (await agent.getByTestId('wb-wrap').boundingBox())?.width ?? 0).toBeGreaterThan(560);
      const wrap = (await agent.getByTestId('wb-wrap').boundingBox())!;
      const suggested = (await agent.getByTestId('wb-assist').boundingBox())!;
      const knowledge = (await agent.getByTestId('kb-suggestions').boundingBox())!;
      expect(suggested.x, `${width}px`).toBeGreaterThanOrEqual(wrap.x + wrap.width);
      expect(suggested.y + 120, `${width}px: suggestions on screen`).toBeLessThan(height);
      expect(knowledge.y + 60, `${width}px: knowledge on screen`).toBeLessThan(height);
      await agent.screenshot({ path: path.join(screenshotDir, `workbench-mid-call-${width}.png`) });
    }
    await agent.setViewportSize(view.viewport);

    // 4. hold: the switch reports it; at 30 s the workbench asks for a check-in with the pack's line
    await send(ev('transcript.segment', { segment: { speaker: 'agent', start: 16500, end: 23500, text: '我需要帮您查询一下停水原因,大约一分钟,请您稍等可以吗?' } }));
    await send(ev('call.hold'));
    const hold = agent.getByTestId('wb-hold');
    await hold.waitFor();
    expect(await hold.getAttribute('data-due')).toBe('false');
    await agent.clock.fastForward(31_000);
    await agent.locator('[data-testid="wb-hold"][data-due="true"]').waitFor();
    expect(await agent.getByTestId('wb-hold-checkin').textContent()).toContain('还在为您查询');
    await shot(agent, 'workbench-3-hold-check-in');
    await agent.getByTestId('wb-hold-checked-in').click();
    await agent.locator('[data-testid="wb-hold"][data-due="false"]').waitFor();
    await send(ev('call.resume'));
    await hold.waitFor({ state: 'detached' });

    // 5. a taboo typed in the notes is flagged at once, with the polite alternative; rephrased, the warning goes
    const notes = agent.getByTestId('wb-notes');
    await notes.fill('锦绣小区 5 栋停水两天,这个不归我们管');
    const warning = agent.getByTestId('wb-notes-warnings').getByTestId('wb-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('不归我们管');
    expect(await warning.getByTestId('wb-warning-alternative').textContent()).toContain('我来帮您跟进');
    await shot(agent, 'workbench-4-taboo');
    await notes.fill('锦绣小区 5 栋停水两天,老人孩子用水困难,请供水部门尽快处理');
    await warning.waitFor({ state: 'detached' });

    // 6. recap, farewell, the caller hangs up: 确认 and 结束 complete; the agent is in 话后 with its timer
    await send(
      ev('transcript.segment', { segment: { speaker: 'agent', start: 60000, end: 70000, text: '跟您确认一下:锦绣小区5栋停水两天,我马上派单给供水部门,5个工作日内办结,对吗?' } }),
      ev('transcript.segment', { segment: { speaker: 'customer', start: 70500, end: 72000, text: '对的,谢谢。' } }),
      ev('transcript.segment', { segment: { speaker: 'agent', start: 72500, end: 78500, text: '请问还有其他需要帮您的吗?感谢您的来电,再见。' } }),
    );
    await agent.locator('[data-testid="wb-sop"][data-stage="close"]').waitFor();
    expect(await agent.getByTestId('wb-sop-step-confirm').getAttribute('data-done')).toBe('true');
    await send(ev('call.ended', { endedBy: 'customer', cause: 'normalClearing' }));
    await agent.locator('[data-testid="wb-call"][data-status="ended"]').waitFor();
    expect(await agent.getByTestId('wb-sop-step-close').getAttribute('data-done')).toBe('true');
    await agent.locator('[data-testid="agent-state"][data-state="wrap_up"]').waitFor();
    await agent.getByTestId('wb-wrap-timer').waitFor();

    // 7. wrap-up: the ticket is created from the call with the pack's time limits on the working-day calendar
    await agent.getByTestId('wb-wrap-caller-name').fill('赵女士');
    expect(await agent.getByTestId('wb-wrap-caller-phone').inputValue()).toBe(CALLER);
    await agent.getByTestId('wb-wrap-address').fill('锦绣小区 5 栋');
    await agent.getByTestId('wb-wrap-title').fill('锦绣小区 5 栋停水两天');
    await shot(agent, 'workbench-5-wrap-up');
    await agent.getByTestId('wb-wrap-submit').click();
    const doneCard = agent.getByTestId('wb-wrap-done');
    await doneCard.waitFor();
    await agent.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    const title = await doneCard.locator('.ant-result-title').textContent();
    const number = /\d{8}-\d{4,}/.exec(title ?? '')?.[0];
    expect(number, title ?? '').toBeTruthy();
    const shownDue = await agent.getByTestId('wb-done-due-resolution').getAttribute('data-due');
    await shot(agent, 'workbench-6-done');

    // the deadline, computed here from the pack and the org's calendar, is the one the ticket got
    const list = await apiAs<{ items: Array<{ id: string; number: string }> }>(admin, `/api/tickets?q=${number}`);
    const ticket = await apiAs<{ id: string; createdAt: string; callIds: string[]; category: string; priority: string; description: string; timers: Array<{ kind: string; dueAt: string }> }>(admin, `/api/tickets/${list.items.find((x) => x.number === number)!.id}`);
    const pack = (await apiAs<{ content: Pack }>(admin, '/api/standards/versions/active')).content;
    const calendar = await apiAs<CalendarOverrides & { businessHours: { start: string; end: string } }>(admin, '/api/sla/calendar');
    const limits = resolveSlaLimits(pack, 'help', null, ticket.priority);
    expect(ticket.priority).toBe('p2');
    expect(limits.resolution).toBe('5wd');
    const cal = createCalendar({ timezone: calendar.timezone, businessHours: calendar.businessHours, holidays: calendar.holidays ?? [], workdays: calendar.workdays ?? [] });
    const expected = addDuration(cal, new Date(ticket.createdAt), limits.resolution!).due.toISOString();
    expect(ticket.timers.find((x) => x.kind === 'resolution')?.dueAt).toBe(expected);
    expect(shownDue).toBe(expected);
    expect(ticket.description).toContain('老人孩子用水困难');
    expect(ticket.callIds.length).toBe(1);

    // the wrap-up is kept with the call
    const wrap = await apiAs<{ outcome: string; ticketNumber: string }>(admin, `/api/workbench/calls/${ticket.callIds[0]}/wrap-up`);
    expect(wrap).toMatchObject({ outcome: 'ticket', ticketNumber: number });
  });

  it('a line without CTI: the agent registers the call by hand, holds, hangs up and closes it on the call', async () => {
    const agent = await h.browser.newPage(view);
    await login(agent, h.url, 'agent');
    await agent.goto(`${h.url}/workbench`);
    await agent.getByTestId('page-workbench').waitFor();
    await agent.getByTestId('wb-new-call').click();
    await agent.getByTestId('wb-new-call-number').fill('12');
    await agent.getByTestId('wb-new-call-start').click();
    await agent.getByText(zhCN['wb.newCall.numberHint']).waitFor();
    await agent.getByTestId('wb-new-call-number').fill('0571-8765 4321');
    await agent.getByTestId('wb-new-call-start').click();
    await agent.locator('[data-testid="wb-call"][data-status="answered"]').waitFor();
    await agent.locator('[data-testid="agent-state"][data-state="on_call"]').waitFor();
    expect(await agent.getByTestId('wb-caller').textContent()).toBe('0571-8765 4321');

    // no live transcript on a manual call: the agent says the greeting and ticks 已问候, and 接听 completes
    expect(await agent.getByTestId('wb-sop-step-answer').getAttribute('data-done')).toBe('false');
    await agent.getByTestId('wb-sop-greeted').click();
    await agent.locator('[data-testid="wb-sop-step-answer"][data-done="true"]').waitFor();
    await agent.locator('[data-testid="wb-sop"][data-stage="identify"]').waitFor();

    // hold: the workbench asks for the caller's consent first, then times the hold; on resume, the thanks line
    await agent.getByTestId('wb-hold-toggle').click();
    await agent.getByTestId('wb-hold-consented').click();
    await agent.getByTestId('wb-hold').waitFor();
    await agent.locator('[data-testid="wb-call-status"]', { hasText: zhCN['wb.onHold'] }).waitFor();
    await agent.getByTestId('wb-hold-toggle').click();
    await agent.getByTestId('wb-hold').waitFor({ state: 'detached' });
    await agent.getByTestId('wb-hold-thanks').waitFor();

    // transfer: the notice line names the target
    await agent.getByTestId('wb-transfer').hover();
    await agent.getByTestId('wb-transfer-complaints-desk').click();
    await agent.getByTestId('wb-transfer-notice').filter({ hasText: '投诉专席' }).waitFor();
    await shot(agent, 'workbench-7-manual-call-transfer');

    // the silent-call helper walks the pack's protocol
    await agent.getByTestId('wb-silent-toggle').click();
    await agent.locator('[data-testid="wb-silent"][data-step="0"]').waitFor();
    await agent.getByTestId('wb-silent-said').click();
    await agent.locator('[data-testid="wb-silent"][data-step="1"]').waitFor();
    expect(await agent.getByTestId('wb-silent-said').isDisabled()).toBe(true);
    await agent.getByTestId('wb-silent-toggle').click();

    await agent.getByTestId('wb-notes').fill('咨询社保卡补办需要的材料,已当场答复');
    // 挂机 asks first: cancelled, the call goes on; confirmed, it ends
    await agent.getByTestId('wb-hangup').click();
    await agent.getByText(zhCN['wb.hangup.confirm']).waitFor();
    await agent.getByTestId('wb-hangup-cancel').click();
    expect(await agent.locator('[data-testid="wb-call"]').getAttribute('data-status')).toBe('answered');
    await agent.getByTestId('wb-hangup').click();
    await agent.getByTestId('wb-hangup-confirm').click();
    await agent.locator('[data-testid="wb-call"][data-status="ended"]').waitFor();
    await agent.getByTestId('wb-wrap-outcome').getByText(zhCN['wb.wrap.outcome.resolved']).click();
    await agent.getByTestId('wb-wrap-category').click();
    await agent.locator('.ant-select-item-option', { hasText: '咨询' }).click();
    await agent.getByTestId('ticket-field-question').fill('社保卡补办需要带哪些材料');
    // what goes into the ticket is checked like the notes
    await agent.getByTestId('wb-wrap-summary').fill('来电人咨询社保卡补办材料,我也不知道要多久');
    await agent.getByTestId('wb-wrap-warnings').getByTestId('wb-warning').waitFor();
    await agent.getByTestId('wb-wrap-summary').fill('来电人咨询社保卡补办材料,已告知需带身份证原件到社保服务窗口办理');
    await agent.getByTestId('wb-wrap-warnings').waitFor({ state: 'detached' });
    await agent.getByTestId('wb-wrap-submit').click();
    await agent.getByTestId('wb-wrap-done').waitFor();
    await agent.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
    await agent.getByTestId('wb-done-next').click();
    await agent.getByTestId('wb-idle').waitFor();
  });
});
