import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { useSlaFixture } from '../../../../test/helpers/sla.js';
import { systemActor } from '../../context.js';
import type { JobDefinition } from '../../jobs/runner.js';
import { httpSmsGateway, type SmsGateway } from '../notify/sms.channel.js';
import { createOrg } from '../orgs/orgs.service.js';
import { createUser } from '../users/users.service.js';
import { updateReminderJob } from './reminders.service.js';
import { CALLER_TEXT_MAX_ATTEMPTS, createCallerTextJob, isUnsubscribe } from './texts.service.js';

/** A stand-in SMS gateway on a loopback port: records every POST, answers with the next status of `script` (then 200). */
let gatewayServer: Server;
let gatewayUrl = '';
const posts: Array<{ to: string[]; text: string; id: string }> = [];
let script: number[] = [];
/** What the text job sends through: the stand-in http gateway, or none (REXIAN_SMS_GATEWAY=off). */
let gateway: SmsGateway | null = null;

const INBOUND_TOKEN = 'inbound-token-0123456789';
const sla = useSlaFixture([updateReminderJob, createCallerTextJob(() => gateway) as unknown as JobDefinition], undefined, { REXIAN_SMS_INBOUND_TOKEN: INBOUND_TOKEN });
const { at, as, create, act, patch, drainBoth } = sla;

beforeAll(async () => {
  gatewayServer = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      posts.push(JSON.parse(body) as (typeof posts)[number]);
      res.statusCode = script.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => gatewayServer.listen(0, '127.0.0.1', resolve));
  const a = gatewayServer.address();
  gatewayUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/sms`;
  gateway = httpSmsGateway({ url: gatewayUrl, token: null });
  // the hotline's own city and number (设置 → 热线信息) fill {org} and {hotline}
  const r = await sla.server.request('/api/org/profile', { method: 'PATCH', cookie: await as('admin'), json: { city: '临江市', hotline: '0571-12345' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
});
afterAll(() => new Promise((r) => gatewayServer.close(r)));
beforeEach(() => {
  script = [];
  gateway = httpSmsGateway({ url: gatewayUrl, token: null });
});

// The pack's texts read from its YAML, filled in here by plain replacement: an oracle apart from renderCallerText.
const packTexts = (parseYaml(readFileSync(fileURLToPath(new URL('../../../../standards/government-12345/tickets.yaml', import.meta.url)), 'utf8')) as { callerTexts: Record<'acceptance' | 'progress' | 'reply', string> }).callerTexts;
const expected = (kind: keyof typeof packTexts, v: { number: string; category: string; deadline: string }) =>
  packTexts[kind]
    .replaceAll('{org}', '临江市 12345 政务服务便民热线')
    .replaceAll('{hotline}', '0571-12345')
    .replaceAll('{number}', v.number)
    .replaceAll('{category}', v.category)
    .replaceAll('{deadline}', v.deadline);

interface TextsBody {
  optOut: boolean;
  numberOptedOut: boolean;
  mobile: boolean;
  items: Array<{ id: string; kind: string; to: string; text: string; status: string; skipReason: string | null; attempts: number; lastError: string | null; createdAt: string; sentAt: string | null }>;
}
const texts = async (id: string, who = 'agent') => {
  const r = await sla.server.request(`/api/tickets/${id}/texts`, { cookie: await as(who) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TextsBody;
};
const rows = (ticketId: string) => sla.server.database.db.selectFrom('caller_texts').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
const postsFor = (number: string) => posts.filter((p) => p.text.includes(number));
const drain = async () => {
  await drainBoth();
  await drainBoth();
};

describe('texts to the caller (给来电人的短信)', () => {
  it('acceptance: queued with the ticket, sent once to the caller with its number and the 办结 deadline; masked for the department', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = (await create({ callerPhone: '138 1234 5678' })) as Awaited<ReturnType<typeof create>> & { number: string };
    // written in the ticket's transaction, before any worker ran
    expect((await rows(t.id)).map((r) => `${r.kind}:${r.status}`)).toEqual(['acceptance:queued']);
    await drain();
    await drain();
    // help × p2: 办结 within 5 working days → 14 October 18:00 (National Day holidays in between)
    const text = expected('acceptance', { number: t.number, category: '求助', deadline: '2025-10-14 18:00' });
    expect(postsFor(t.number)).toEqual([{ to: ['13812345678'], text, id: expect.stringMatching(/^caller-text:\d+$/) }]);
    const [row] = await rows(t.id);
    expect(row).toMatchObject({ kind: 'acceptance', to_phone: '13812345678', text, status: 'sent', attempts: 1, skip_reason: null });
    expect(new Date(row?.sent_at ?? 0).toISOString()).toBe('2025-09-30T02:00:00.000Z');
    const events = await sla.events(t.id, 'ticket.text_sent');
    expect(events).toEqual([{ textId: String(row?.id), kind: 'acceptance' }]);

    const body = await texts(t.id);
    expect(body).toMatchObject({ optOut: false, numberOptedOut: false, mobile: true });
    expect(body.items).toEqual([{ id: String(row?.id), kind: 'acceptance', to: '13812345678', text, status: 'sent', skipReason: null, attempts: 1, lastError: null, createdAt: '2025-09-30T02:00:00.000Z', sentAt: '2025-09-30T02:00:00.000Z' }]);
    // the department sees its tickets' texts with the number masked, as on the ticket
    await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
    expect((await texts(t.id, 'dept')).items[0]?.to).toBe('138****5678');
    expect((await texts(t.id, 'inspector')).items[0]?.to).toBe('138****5678');
  });

  it('an emergency gets a progress text at 30, 60 and 90 minutes, the reply text at 办结, and none after', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = (await create({ category: 'emergency', description: '井盖缺失', callerPhone: '13900001111' })) as Awaited<ReturnType<typeof create>> & { number: string };
    expect(t.updateEvery).toBe('30m');
    await act(t.id, 'dispatch', 'agent', { departmentId: sla.water });
    await act(t.id, 'sign', 'dept');
    await act(t.id, 'start', 'dept');
    await drain();
    const kinds = async () => (await rows(t.id)).map((r) => `${r.kind}:${r.status}`);
    expect(await kinds()).toEqual(['acceptance:sent']);
    at('2025-09-30T10:29:00+08:00');
    await drain();
    expect(await kinds()).toEqual(['acceptance:sent']);
    const progress = expected('progress', { number: t.number, category: '紧急', deadline: '2025-10-01 10:00' });
    for (const [i, time] of ['10:30:30', '11:00:30', '11:30:30'].entries()) {
      at(`2025-09-30T${time}+08:00`);
      await drain();
      expect(postsFor(t.number).filter((p) => p.text === progress), time).toHaveLength(i + 1);
    }
    // the staff reminders go on as before, one per period
    expect((await sla.events(t.id, 'ticket.update_reminder')).map((e) => e.seq)).toEqual([1, 2, 3]);
    at('2025-09-30T11:40:00+08:00');
    await act(t.id, 'reply', 'dept', { reason: '已补装井盖' });
    await drain();
    at('2025-09-30T12:00:30+08:00');
    await drain();
    at('2025-09-30T12:30:30+08:00');
    await drain();
    expect(await kinds()).toEqual(['acceptance:sent', 'progress:sent', 'progress:sent', 'progress:sent', 'reply:sent']);
    expect(postsFor(t.number).map((p) => p.text)).toEqual([
      expected('acceptance', { number: t.number, category: '紧急', deadline: '2025-10-01 10:00' }),
      progress,
      progress,
      progress,
      expected('reply', { number: t.number, category: '紧急', deadline: '' }),
    ]);
    // every post of a text is one text: no id twice
    const ids = postsFor(t.number).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('免打扰时段 21:00–08:00: a progress text in them is recorded as skipped (quiet_hours), also when a retry reaches them; acceptance and reply texts go at night', async () => {
    type T = Awaited<ReturnType<typeof create>> & { number: string };
    const emergency = (description: string, callerPhone: string) => create({ category: 'emergency', description, callerPhone }) as Promise<T>;
    const step = async (time: string) => {
      at(time);
      await drain();
    };
    const log = async (id: string) => (await rows(id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}@${new Date(r.created_at).toISOString()}`);
    at('2025-09-30T20:00:00+08:00');
    const a = await emergency('井盖缺失', '13900001212');
    await step('2025-09-30T20:29:50+08:00');
    const c = await emergency('路灯倒伏', '13900001313');
    await drain();
    await step('2025-09-30T20:30:00+08:00'); // A's first period, before the quiet hours: sent
    // C's first period at 20:59:50: the gateway answers 500; the retry 15 s later is in the quiet hours
    script = [500];
    await step('2025-09-30T20:59:50+08:00');
    expect(await rows(c.id)).toMatchObject([{ kind: 'acceptance', status: 'sent' }, { kind: 'progress', status: 'queued', attempts: 1 }]);
    await step('2025-09-30T21:00:00+08:00'); // A's period at 21:00 sharp: quiet
    await step('2025-09-30T21:00:06+08:00');
    await step('2025-09-30T21:30:00+08:00');
    // a worker down from 21:30 to 23:00 sends one reminder for the periods missed, quiet too
    await step('2025-09-30T23:00:00+08:00');
    // a ticket taken at 23:00 gets its acceptance text at once, and its reply text at once
    const b = await emergency('燃气管道漏气', '13900001414');
    await drain();
    await act(b.id, 'dispatch', 'agent', { departmentId: sla.water });
    await act(b.id, 'sign', 'dept');
    await act(b.id, 'start', 'dept');
    at('2025-09-30T23:20:00+08:00');
    await act(b.id, 'reply', 'dept', { reason: '已关阀抢修' });
    await drain();
    await step('2025-10-01T07:30:00+08:00');
    await step('2025-10-01T07:59:59+08:00'); // C's period at 07:59:50: still quiet
    await step('2025-10-01T08:00:00+08:00'); // A's period at 08:00 sharp: sent
    await step('2025-10-01T08:30:00+08:00');

    const t = (x: string) => `2025-${x}Z`;
    expect(await log(a.id)).toEqual([
      `acceptance:sent:null@${t('09-30T12:00:00.000')}`,
      `progress:sent:null@${t('09-30T12:30:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T13:00:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T13:30:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T15:00:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T23:30:00.000')}`,
      `progress:sent:null@${t('10-01T00:00:00.000')}`,
      `progress:sent:null@${t('10-01T00:30:00.000')}`,
    ]);
    expect(await log(c.id)).toEqual([
      `acceptance:sent:null@${t('09-30T12:29:50.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T12:59:50.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T13:30:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T15:00:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T23:30:00.000')}`,
      `progress:skipped:quiet_hours@${t('09-30T23:59:59.000')}`,
      `progress:sent:null@${t('10-01T00:30:00.000')}`,
    ]);
    // the retried one: tried once (the 500), then given up at 21:00:06 without a second post
    expect((await rows(c.id))[1]).toMatchObject({ attempts: 1, last_error: expect.stringContaining('500'), sent_at: null });
    expect(new Date((await rows(c.id))[1]?.updated_at ?? 0).toISOString()).toBe(t('09-30T13:00:06.000'));
    expect(await log(b.id)).toEqual([`acceptance:sent:null@${t('09-30T15:00:00.000')}`, `reply:sent:null@${t('09-30T15:20:00.000')}`]);
    expect((await rows(b.id)).map((r) => new Date(r.sent_at ?? 0).toISOString())).toEqual([t('09-30T15:00:00.000'), t('09-30T15:20:00.000')]);

    // the gateway received exactly the texts recorded as sent (and C's failed try)
    const progress = (x: T) => expected('progress', { number: x.number, category: '紧急', deadline: '' });
    expect(postsFor(a.number).map((p) => p.text)).toEqual([expected('acceptance', { number: a.number, category: '紧急', deadline: '2025-10-01 20:00' }), progress(a), progress(a), progress(a)]);
    expect(postsFor(c.number).map((p) => p.text)).toEqual([expected('acceptance', { number: c.number, category: '紧急', deadline: '2025-10-01 20:29' }), progress(c), progress(c)]);
    expect(postsFor(b.number).map((p) => p.text)).toEqual([expected('acceptance', { number: b.number, category: '紧急', deadline: '2025-10-01 23:00' }), expected('reply', { number: b.number, category: '紧急', deadline: '' })]);
    // the staff reminders go on through the night: A's periods at 20:30, 21:00, 21:30, 23:00 (late), 07:30 (late), 08:00, 08:30
    expect((await sla.events(a.id, 'ticket.update_reminder')).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await sla.events(a.id, 'ticket.text_queued')).filter((e) => e.skipReason === 'quiet_hours')).toHaveLength(4);
    expect((await sla.events(c.id, 'ticket.text_skipped')).at(0)).toMatchObject({ kind: 'progress', skipReason: 'quiet_hours' });
    // the 短信 card reads the reason
    expect((await texts(a.id)).items.map((x) => x.skipReason)).toEqual([null, null, 'quiet_hours', 'quiet_hours', 'quiet_hours', 'quiet_hours', null, null]);
  });

  it('a caller who declined texts gets none: recorded as skipped, at intake or when declined before sending; a landline is skipped too', async () => {
    at('2025-09-30T10:00:00+08:00');
    const declined = (await create({ category: 'emergency', description: '路面塌陷', callerPhone: '13900002222', textsOptOut: true })) as Awaited<ReturnType<typeof create>> & { number: string; textsOptOut: boolean };
    expect(declined.textsOptOut).toBe(true);
    const later = (await create({ callerPhone: '13900003333' })) as Awaited<ReturnType<typeof create>> & { number: string };
    // declined on the ticket page after the acceptance text was queued, before a worker sent it
    expect((await patch(later.id, { textsOptOut: true })) as unknown).toMatchObject({ textsOptOut: true });
    const landline = await create({ callerPhone: '0571-87654321' });
    at('2025-09-30T10:31:00+08:00');
    await drain();
    expect(postsFor(declined.number)).toEqual([]);
    expect(postsFor(later.number)).toEqual([]);
    expect((await rows(declined.id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}`)).toEqual(['acceptance:skipped:opted_out', 'progress:skipped:opted_out']);
    expect((await rows(later.id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}`)).toEqual(['acceptance:skipped:opted_out']);
    expect((await rows(landline.id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}`)).toEqual(['acceptance:skipped:no_mobile']);
    expect(await texts(later.id)).toMatchObject({ optOut: true, mobile: true });
    expect(await texts(landline.id)).toMatchObject({ optOut: false, mobile: false });
    // declining is a change of the ticket, audited as one
    const audit = await sla.server.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', later.id).where('action', '=', 'ticket.update').execute();
    expect(audit).toHaveLength(1);
    expect((audit[0]?.after as { texts_opt_out: boolean }).texts_opt_out).toBe(true);
  });

  it('a gateway answering 500 is retried after its backoff; the text goes once, with the same id; given up after the last try', async () => {
    at('2025-09-30T10:00:00+08:00');
    script = [500];
    const t = (await create({ callerPhone: '13900004444' })) as Awaited<ReturnType<typeof create>> & { number: string };
    await drain();
    expect(postsFor(t.number)).toHaveLength(1);
    expect(await rows(t.id)).toMatchObject([{ status: 'queued', attempts: 1, last_error: expect.stringContaining('answered 500') }]);
    // not before the backoff (15 s)
    at('2025-09-30T10:00:10+08:00');
    await drain();
    expect(postsFor(t.number)).toHaveLength(1);
    at('2025-09-30T10:00:16+08:00');
    await drain();
    await drain();
    const sent = postsFor(t.number);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(await rows(t.id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
    at('2025-09-30T10:30:00+08:00');
    await drain();
    expect(postsFor(t.number)).toHaveLength(2);

    // a gateway down for good: CALLER_TEXT_MAX_ATTEMPTS tries, then failed (and the job done, not retried further)
    script = Array.from({ length: 20 }, () => 500);
    const down = (await create({ callerPhone: '13900005555' })) as Awaited<ReturnType<typeof create>> & { number: string };
    let clock = new Date('2025-09-30T10:30:00+08:00').getTime();
    for (let i = 0; i < CALLER_TEXT_MAX_ATTEMPTS + 3; i++) {
      await drain();
      clock += 3_600_000;
      at(new Date(clock).toISOString());
    }
    expect(postsFor(down.number)).toHaveLength(CALLER_TEXT_MAX_ATTEMPTS);
    expect(await rows(down.id)).toMatchObject([{ status: 'failed', attempts: CALLER_TEXT_MAX_ATTEMPTS }]);
    expect((await texts(down.id)).items[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('500') });
    expect(await sla.events(down.id, 'ticket.text_failed')).toHaveLength(1);
  });

  it('without a gateway (REXIAN_SMS_GATEWAY=off) a text is recorded as skipped', async () => {
    gateway = null;
    at('2025-09-30T10:00:00+08:00');
    const t = await create({ callerPhone: '13900006666' });
    await drain();
    expect((await rows(t.id)).map((r) => `${r.status}:${r.skip_reason}`)).toEqual(['skipped:gateway_off']);
  });

  it('refuses bad input with a 4xx and hides other departments’ tickets', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create();
    const cookie = await as('agent');
    for (const path of ['/api/tickets/not-a-uuid/texts', "/api/tickets/'%20or%201=1--/texts", `/api/tickets/${'9'.repeat(5000)}/texts`]) {
      const r = await sla.server.request(path, { cookie });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
    }
    expect((await sla.server.request('/api/tickets/00000000-0000-4000-8000-000000000000/texts', { cookie })).status).toBe(404);
    // not dispatched to the department: it does not exist for them
    expect((await sla.server.request(`/api/tickets/${t.id}/texts`, { cookie: await as('dept') })).status).toBe(404);
    expect((await sla.server.request(`/api/tickets/${t.id}/texts`)).status).toBe(401);
    for (const json of [{ textsOptOut: 'yes' }, { textsOptOut: null }, { textsOptOut: 1 }]) {
      const r = await sla.server.request(`/api/tickets/${t.id}`, { method: 'PATCH', cookie, json });
      expect(r.status, JSON.stringify(json)).toBe(400);
    }
    const r = await sla.server.request('/api/tickets', { method: 'POST', cookie, json: { category: 'help', callerPhone: '13812345678', address: '望江路', description: '路灯', textsOptOut: 'no' } });
    expect(r.status).toBe(400);
  });

  it('the workbench wrap-up: 当场办结 sends the 办结 text only (it names the number); declined in the wrap-up, it is recorded as not sent', async () => {
    at('2025-09-30T10:00:00+08:00');
    const wrapUp = async (phone: string, textsOptOut: boolean) => {
      const cookie = await as('agent');
      const call = await sla.server.request('/api/workbench/calls', { method: 'POST', cookie, json: { from: phone } });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      const { callId } = call.body as { callId: string };
      expect((await sla.server.request(`/api/workbench/calls/${callId}/events`, { method: 'POST', cookie, json: { type: 'end' } })).status).toBeLessThan(300);
      const ticket = { category: 'consult', callerPhone: phone, description: '咨询停水期间去哪里取水', fields: { question: '停水期间去哪里取水' }, ...(textsOptOut && { textsOptOut }) };
      const r = await sla.server.request(`/api/workbench/calls/${callId}/wrap-up`, { method: 'POST', cookie, json: { outcome: 'resolved', closeAs: 'archive', ticket, summary: '咨询已答复' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return (r.body as { ticket: { id: string; number: string; status: string; textsOptOut: boolean } }).ticket;
    };
    const answered = await wrapUp('13900007001', false);
    expect(answered).toMatchObject({ status: 'archived', textsOptOut: false });
    const declined = await wrapUp('13900007002', true);
    expect(declined.textsOptOut).toBe(true);
    await drain();
    expect(postsFor(answered.number).map((p) => p.text)).toEqual([expected('reply', { number: answered.number, category: '咨询', deadline: '' })]);
    expect(postsFor(declined.number)).toEqual([]);
    expect((await rows(declined.id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}`)).toEqual(['reply:skipped:opted_out']);
    // a ticket the wrap-up leaves open gets its acceptance text with the 办结 deadline (consult × p3: 1 working day, after the holidays)
    const cookie = await as('agent');
    const call = (await sla.server.request('/api/workbench/calls', { method: 'POST', cookie, json: { from: '13900007003' } })).body as { callId: string };
    await sla.server.request(`/api/workbench/calls/${call.callId}/events`, { method: 'POST', cookie, json: { type: 'end' } });
    const open = await sla.server.request(`/api/workbench/calls/${call.callId}/wrap-up`, {
      method: 'POST',
      cookie,
      json: { outcome: 'ticket', ticket: { category: 'consult', callerPhone: '13900007003', description: '咨询社保转移', fields: { question: '社保怎么转移' } }, summary: '转社保部门答复' },
    });
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    const number = (open.body as { ticket: { number: string } }).ticket.number;
    await drain();
    expect(postsFor(number).map((p) => p.text)).toEqual([expected('acceptance', { number, category: '咨询', deadline: '2025-10-09 18:00' })]);
  });

  it('退订: a number staff put on the list, or that replied TD through the gateway, gets no text on any ticket until taken off', async () => {
    at('2025-09-30T10:00:00+08:00');
    const agent = await as('agent');
    const add = await sla.server.request('/api/caller-texts/opt-outs', { method: 'POST', cookie: agent, json: { phone: '+86 138-0000-7777' } });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body).toEqual({ phone: '13800007777', source: 'staff', createdAt: '2025-09-30T02:00:00.000Z' });
    // adding it again changes nothing and audits nothing more
    expect((await sla.server.request('/api/caller-texts/opt-outs', { method: 'POST', cookie: agent, json: { phone: '13800007777' } })).status).toBe(201);
    const audit = await sla.server.database.db.selectFrom('audit_log').select(['action', 'entity_id', 'after']).where('entity_type', '=', 'caller_text_opt_out').execute();
    expect(audit).toEqual([{ action: 'caller_text.opt_out', entity_id: '13800007777', after: { phone: '13800007777', source: 'staff' } }]);

    const t = (await create({ callerPhone: '138 0000 7777' })) as Awaited<ReturnType<typeof create>> & { number: string };
    await drain();
    expect(postsFor(t.number)).toEqual([]);
    expect((await rows(t.id)).map((r) => `${r.status}:${r.skip_reason}`)).toEqual(['skipped:opted_out']);
    expect(await texts(t.id)).toMatchObject({ optOut: false, numberOptedOut: true });

    // an agent may not take a number off the list; a lead may
    expect((await sla.server.request('/api/caller-texts/opt-outs/13800007777', { method: 'DELETE', cookie: agent })).status).toBe(403);
    expect((await sla.server.request('/api/caller-texts/opt-outs/13800007777', { method: 'DELETE', cookie: await as('lead') })).status).toBe(204);
    const again = (await create({ callerPhone: '13800007777' })) as Awaited<ReturnType<typeof create>> & { number: string };
    await drain();
    expect(postsFor(again.number)).toHaveLength(1);

    // the caller of an emergency replies TD after the acceptance text: the next progress text is not sent
    const urgent = (await create({ category: 'emergency', description: '燃气泄漏', callerPhone: '13900008888' })) as Awaited<ReturnType<typeof create>> & { number: string };
    await drain();
    expect(postsFor(urgent.number)).toHaveLength(1);
    const inbound = (json: unknown, token: string | null = INBOUND_TOKEN, org = 'demo') =>
      sla.server.request(`/api/sms/inbound/${org}`, { method: 'POST', json, ...(token !== null && { headers: { authorization: `Bearer ${token}` } }) });
    expect((await inbound({ from: '13900008888', text: 'TD' }, null)).status).toBe(401);
    expect((await inbound({ from: '13900008888', text: 'TD' }, 'inbound-token-0123456780')).status).toBe(401);
    expect((await inbound({ from: '13900008888', text: 'TD' }, INBOUND_TOKEN, 'nowhere')).status).toBe(404);
    const thanks = await inbound({ from: '13900008888', text: '好的，谢谢' });
    expect(thanks.status).toBe(200);
    expect(thanks.body).toEqual({ optedOut: false });
    const td = await inbound({ from: '+86 139 0000 8888', text: ' td。' });
    expect(td.status, JSON.stringify(td.body)).toBe(200);
    expect(td.body).toEqual({ optedOut: true });
    const list = (await sla.server.request('/api/caller-texts/opt-outs', { cookie: agent })).body as { items: Array<{ phone: string; source: string }> };
    expect(list.items.map((x) => `${x.phone}:${x.source}`)).toEqual(['13900008888:reply']);
    at('2025-09-30T10:30:30+08:00');
    await drain();
    expect(postsFor(urgent.number)).toHaveLength(1);
    expect((await rows(urgent.id)).map((r) => `${r.kind}:${r.status}:${r.skip_reason}`)).toEqual(['acceptance:sent:null', 'progress:skipped:opted_out']);
    // the list is the hotline's: the department and QA do not read it
    expect((await sla.server.request('/api/caller-texts/opt-outs', { cookie: await as('dept') })).status).toBe(403);
    expect((await sla.server.request('/api/caller-texts/opt-outs', { cookie: await as('inspector') })).status).toBe(403);
  });

  it('the list is each hotline’s own: another organisation neither reads it nor is bound by it, nor reads the texts', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await create({ callerPhone: '13900009191' });
    const water = await createOrg(sla.server.database.db, { slug: 'water-texts', name: '水务热线' });
    const ctx = { db: sla.server.database.db, orgId: water.id, actor: systemActor, now: () => new Date('2025-09-30T10:00:00+08:00') };
    await createUser(ctx, { username: 'water_agent', displayName: '水务坐席', role: 'agent', agentNo: '5001', password: 'water-agent-password' });
    const waterAgent = await sla.server.login('water_agent', 'water-agent-password');
    // the demo hotline's caller replies TD to the water hotline's gateway number: only the water hotline's list has it
    const td = await sla.server.request('/api/sms/inbound/water-texts', { method: 'POST', json: { from: '13900009191', text: 'TD' }, headers: { authorization: `Bearer ${INBOUND_TOKEN}` } });
    expect(td.body).toEqual({ optedOut: true });
    const waterList = (await sla.server.request('/api/caller-texts/opt-outs', { cookie: waterAgent })).body as { items: Array<{ phone: string }> };
    expect(waterList.items.map((x) => x.phone)).toEqual(['13900009191']);
    const demoList = (await sla.server.request('/api/caller-texts/opt-outs', { cookie: await as('agent') })).body as { items: Array<{ phone: string }> };
    expect(demoList.items.map((x) => x.phone)).not.toContain('13900009191');
    expect(await texts(t.id)).toMatchObject({ numberOptedOut: false });
    expect((await sla.server.request(`/api/tickets/${t.id}/texts`, { cookie: waterAgent })).status).toBe(404);
  });

  it('recognises the usual unsubscribe replies, and only alone', () => {
    for (const yes of ['TD', 'td', ' T ', 'n', '退订', '退訂', '取消', 'TD。']) expect(isUnsubscribe(yes), yes).toBe(true);
    for (const no of ['', 'TD 谢谢', '好的', '不要退订', 'STOP NOW', 'tdd']) expect(isUnsubscribe(no), no).toBe(false);
  });

  it('refuses bad numbers on the list and bad gateway posts with a 4xx', async () => {
    const cookie = await as('lead');
    for (const json of [{ phone: 'abc' }, { phone: '0571-87654321' }, { phone: '1'.repeat(200) }, { phone: '13800001234', source: 'reply' }, { phone: 13800001234 }, {}]) {
      const r = await sla.server.request('/api/caller-texts/opt-outs', { method: 'POST', cookie, json });
      expect(r.status, JSON.stringify(json)).toBe(400);
    }
    for (const phone of ['abc', '138000012345', '%00']) expect((await sla.server.request(`/api/caller-texts/opt-outs/${phone}`, { method: 'DELETE', cookie })).status, phone).toBe(400);
    const headers = { authorization: `Bearer ${INBOUND_TOKEN}` };
    for (const json of [{}, { from: '', text: 'TD' }, { from: '13900001111', text: 'x'.repeat(2000) }, { from: ['13900001111'], text: 'TD' }]) {
      const r = await sla.server.request('/api/sms/inbound/demo', { method: 'POST', json, headers });
      expect(r.status, JSON.stringify(json)).toBe(400);
    }
    expect((await sla.server.request('/api/sms/inbound/Demo%20Org', { method: 'POST', json: { from: '13900001111', text: 'TD' }, headers })).status).toBe(400);
  });
});
