/**
 * Retention of texts to callers (caller_texts): tickets taken through the API write their acceptance texts, the worker
 * settles them; rows of other statuses are added with known ages. The sweep deletes the settled texts older than the
 * organisation's limit and keeps newer ones, any text still queued, and the list of numbers that declined texts (退订);
 * the ticket page's texts endpoint still answers for a ticket whose texts went. The expected survivors are counted
 * here from the rows before the sweep, not by the sweep's own query.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../shared/retention.js';
import { drainJobs } from '../../../../test/helpers/jobs.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { sweep } from './retention.service.js';

const DAY = 86_400_000;
let now = new Date('2026-06-01T10:00:00+08:00');
let server: TestServer;
let orgId = '';

beforeAll(async () => {
  server = await startTestServer({ demoPack: true, clock: () => now });
  orgId = (await server.database.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => server.close());

async function ticket(cookie: string, callerPhone: string): Promise<string> {
  const r = await server.request('/api/tickets', { method: 'POST', cookie, json: { ...helpTicket, callerPhone } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as { id: string }).id;
}
const textRows = () =>
  server.database.db.selectFrom('caller_texts').select(['id', 'ticket_id', 'status', 'created_at']).where('org_id', '=', orgId).orderBy('id').execute();
const optOuts = () => server.database.db.selectFrom('caller_text_opt_outs').select(['phone', 'source']).where('org_id', '=', orgId).orderBy('phone').execute();

describe('retention of texts to callers', () => {
  it('deletes settled texts older than the limit, keeps newer and queued ones and the opt-out list; the ticket still answers', async () => {
    const db = server.database.db;
    // 1 June: two tickets whose acceptance texts the worker settles (the log gateway sends them), and one whose text
    // is still queued (its job has not run: a worker that was down)
    let agent = await server.login('agent');
    const oldSent = await ticket(agent, '13800000001');
    const oldOptedOut = await ticket(agent, '13800000002');
    await drainJobs(db, new Date(now.getTime() + 60_000));
    const oldQueued = await ticket(agent, '13800000003');
    // (its job waits past every drain below, as a job no worker took)
    const queuedText = await db.selectFrom('caller_texts').select('id').where('ticket_id', '=', oldQueued).executeTakeFirstOrThrow();
    await sql`update jobs set run_at = '2030-01-01T00:00:00Z' where dedupe_key = ${`ticket.text:${queuedText.id}`}`.execute(db);
    // the caller of the second ticket declined texts that day (by staff); another number by reply, long ago
    expect((await server.request('/api/caller-texts/opt-outs', { method: 'POST', cookie: agent, json: { phone: '138 0000 0002' } })).status).toBe(201);
    await sql`insert into caller_text_opt_outs (org_id, phone, source, created_at) values (${orgId}, '13900009999', 'reply', '2024-01-01T00:00:00Z')`.execute(db);
    // older rows of the other end states, on the first ticket
    await sql`insert into caller_texts (org_id, ticket_id, kind, to_phone, text, status, skip_reason, attempts, created_at, updated_at) values
      (${orgId}, ${oldSent}, 'progress', '13800000001', '进展', 'failed', null, 6, '2026-05-20T00:00:00Z', '2026-05-20T01:00:00Z'),
      (${orgId}, ${oldSent}, 'progress', '13800000001', '进展', 'skipped', 'quiet_hours', 0, '2026-05-21T00:00:00Z', '2026-05-21T00:00:00Z')`.execute(db);

    // 1 December: a new ticket, its text settled
    now = new Date('2026-12-01T10:00:00+08:00');
    agent = await server.login('agent');
    const recent = await ticket(agent, '13800000004');
    await drainJobs(db, new Date(now.getTime() + 60_000));

    const before = await textRows();
    expect(before.filter((r) => r.ticket_id === oldQueued).map((r) => r.status)).toEqual(['queued']);
    expect(before.filter((r) => r.ticket_id === oldSent).map((r) => r.status)).toEqual(['sent', 'failed', 'skipped']);
    expect(before.filter((r) => r.ticket_id === oldOptedOut).map((r) => r.status)).toEqual(['sent']);
    expect(before.filter((r) => r.ticket_id === recent).map((r) => r.status)).toEqual(['sent']);
    const optOutsBefore = await optOuts();
    expect(optOutsBefore).toEqual([
      { phone: '13800000002', source: 'staff' },
      { phone: '13900009999', source: 'reply' },
    ]);

    // The sweep on 6 December by the default policy (180 days: texts written before 9 June go)
    const sweepAt = new Date('2026-12-06T12:00:00+08:00');
    const cutoff = sweepAt.getTime() - DEFAULT_RETENTION.callerTextsDays * DAY;
    const expectedGone = before.filter((r) => new Date(r.created_at).getTime() < cutoff && r.status !== 'queued').map((r) => r.id);
    const expectedKept = before.filter((r) => !expectedGone.includes(r.id)).map((r) => r.id);
    expect(expectedGone).toHaveLength(4);
    const swept = await sweep(db, sweepAt, undefined, 2);
    expect(swept.callerTexts).toBe(4);
    expect((await textRows()).map((r) => r.id)).toEqual(expectedKept);
    expect((await textRows()).map((r) => r.ticket_id)).toEqual([oldQueued, recent]);
    // the opt-out list is the callers' standing instruction: not pruned by age
    expect(await optOuts()).toEqual(optOutsBefore);

    // the ticket page still answers for a ticket whose texts went: no texts, the number still on the list
    now = sweepAt;
    const admin = await server.login('admin');
    for (const [id, listed] of [
      [oldOptedOut, true],
      [oldSent, false],
    ] as const) {
      const r = await server.request(`/api/tickets/${id}/texts`, { cookie: admin });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ optOut: false, numberOptedOut: listed, mobile: true, items: [] });
    }
    const kept = await server.request(`/api/tickets/${recent}/texts`, { cookie: admin });
    expect((kept.body as { items: unknown[] }).items).toHaveLength(1);

    // an organisation's own limit: 7 days, and the sweep on 10 December takes the 1 December text; the queued one stays
    const put = await server.request('/api/retention', { method: 'PUT', cookie: admin, json: { ...DEFAULT_RETENTION, callerTextsDays: 7 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ callerTextsDays: 7 });
    expect((await server.request('/api/retention', { method: 'PUT', cookie: admin, json: { ...DEFAULT_RETENTION, callerTextsDays: 6 } })).status).toBe(400);
    expect((await sweep(db, new Date('2026-12-10T12:00:00+08:00'))).callerTexts).toBe(1);
    expect((await textRows()).map((r) => [r.ticket_id, r.status])).toEqual([[oldQueued, 'queued']]);
    expect(await optOuts()).toEqual(optOutsBefore);
  });
});
