import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, postTranscripts } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { weightsSchema } from '../../../shared/qa/config.js';
import { systemActor } from '../../context.js';
import { DEMO_PACK_DIR } from '../../demo.js';
import { allJobs } from '../../jobs/index.js';
import { Worker } from '../../jobs/runner.js';
import { findOrgBySlug } from '../orgs/orgs.repo.js';
import { readPackFiles } from '../standards/standards.loader.js';
import { saveVersion } from '../standards/standards.service.js';

const fixtures = path.resolve(import.meta.dirname, '../../../shared/qa/fixtures');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as { id: string; agent: { id: string; name?: string } };
/** A fixture as another call: its own id and, if given, another agent. */
const callOf = (name: string, id: string, agentNo?: string) => {
  const t = load(name);
  return { ...t, id, agent: agentNo ? { id: agentNo, name: '别人' } : t.agent };
};

const DAY = 86_400_000;
// the server's clock stands still unless a test moves it; the worker (and so each finding's report time) runs on real time
let now = new Date();
const clock = () => now;

let server: TestServer;
let worker: Worker;
let inspector: string;
let agent: string; // 工号 1024
let lead: string; // 工号 2001
let dept: string;
let admin: string;

interface Finding {
  id: string;
  check: string;
  segment: number | null;
  status: 'machine' | 'confirmed' | 'overturned';
  source: 'machine' | 'manual';
  fatal: boolean;
  deduction: number;
  note: string | null;
  reviewedBy: string | null;
  reportedAt: string;
  appealUntil: string;
  appeal: { id: string; status: string; reason: string; decisionNote: string | null } | null;
}
interface Card {
  result: { score: number; fatal: boolean; effectiveScore: number; effectiveFatal: boolean; reviewed: boolean };
  findings: Finding[];
}
interface Listed {
  items: Array<{ id: string; callId: string; score: number; effectiveScore: number; effectiveFatal: boolean; reviewed: boolean; pendingAppeals: number }>;
  total: number;
}

const ids = new Map<string, string>(); // call id → transcript id
const card = async (callId: string, cookie = inspector) => (await server.request(`/api/qa/results/${ids.get(callId)}`, { cookie })).body as Card;
const findingOf = async (callId: string, check: string) => (await card(callId)).findings.find((f) => f.check === check)!;
const post = (url: string, cookie: string, json: unknown) => server.request(url, { method: 'POST', cookie, json });
const review = async (callId: string, check: string, decision: 'confirm' | 'overturn', note = '', cookie = inspector) =>
  post(`/api/qa/results/${ids.get(callId)}/findings/${(await findingOf(callId, check)).id}/review`, cookie, { decision, note });
const appeal = async (callId: string, check: string, reason: string, cookie = agent) =>
  post(`/api/qa/results/${ids.get(callId)}/findings/${(await findingOf(callId, check)).id}/appeal`, cookie, { reason });
const errorCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

async function audit(action: string) {
  const r = await server.request(`/api/audit?limit=500`, { cookie: admin });
  return (r.body as { items: Array<{ action: string; entityId: string; before: unknown; after: unknown }> }).items.filter((i) => i.action === action);
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  worker = new Worker({ db: server.database.db, jobs: allJobs, log: pino({ level: 'silent' }), pollMs: 50 });
  [inspector, agent, lead, dept, admin] = await Promise.all([server.login('inspector'), server.login('agent'), server.login('lead'), server.login('dept'), server.login('admin')]);
  const batch = [
    load('hangup.agent-first.v2'), // 1024: closing.no-farewell 5, closing.no-offer 5, hangup.agent-first 10 → 80
    load('taboo.phrase.v2'), // 1024: abuse, fatal
    load('greeting.incomplete.v1'), // 1024: greeting.incomplete 15
    callOf('transfer.no-notice.v1', 'other-agent.v1', '9999'),
    callOf('closing.no-offer.v1', 'lead-own.v1', '2001'),
    ...fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.json'))
      .map((f) => callOf(f.replace(/\.json$/, ''), `all.${f.replace(/\.json$/, '')}`)),
  ];
  // the fixtures are calls rexian never saw: an integration brings them, with its token
  const r = await postTranscripts(server, (await createConnection(server, admin, 'asr')).token, batch);
  const body = r.body as { items: Array<{ id: string; transcriptId: string }> };
  for (const i of body.items) ids.set(i.id, i.transcriptId);
  await worker.drain();
});
afterAll(() => server.close());

describe('QA review and appeal', () => {
  it('scores every call the same way as the engine before anyone reviews it (one scoring rule, fatal included)', async () => {
    const list = (await server.request('/api/qa/results?limit=500', { cookie: inspector })).body as Listed;
    expect(list.total).toBe(89);
    for (const i of list.items) expect({ call: i.callId, score: i.effectiveScore }).toEqual({ call: i.callId, score: i.score });
    const abuse = await card('taboo.phrase.v2');
    expect(abuse.result).toMatchObject({ score: 0, fatal: true, effectiveScore: 0, effectiveFatal: true, reviewed: false });
    expect(abuse.findings.find((f) => f.check === 'taboo.phrase')?.fatal).toBe(true);
  });

  it('lets reviewers confirm and overturn findings; overturning needs a note and lifts the effective score, the machine score stays', async () => {
    const noNote = await review('hangup.agent-first.v2', 'hangup.agent-first', 'overturn');
    expect(noNote.status).toBe(422);
    expect(errorCode(noNote.body)).toBe('QA_NOTE_REQUIRED');

    const over = await review('hangup.agent-first.v2', 'hangup.agent-first', 'overturn', '客户已说明要挂断,录音可证');
    expect(over.status).toBe(200);
    expect(over.body).toEqual({ score: 90, fatal: false, reviewed: false });
    const confirm = await review('hangup.agent-first.v2', 'closing.no-offer', 'confirm', '', lead);
    expect(confirm.status).toBe(200);

    const c = await card('hangup.agent-first.v2');
    expect(c.result).toMatchObject({ score: 80, effectiveScore: 90, reviewed: false });
    expect(c.findings.find((f) => f.check === 'hangup.agent-first')).toMatchObject({ status: 'overturned', note: '客户已说明要挂断,录音可证', reviewedBy: '赵静' });
    expect(c.findings.find((f) => f.check === 'closing.no-offer')).toMatchObject({ status: 'confirmed', reviewedBy: '陈刚' });

    // the fatal finding overturned: the call no longer fails, and is scored by the rest
    const abuse = await review('taboo.phrase.v2', 'taboo.phrase', 'overturn', '语音识别错误,坐席说的是“不骂”');
    expect(abuse.body).toMatchObject({ fatal: false });
    const a = await card('taboo.phrase.v2');
    expect(a.result).toMatchObject({ score: 0, fatal: true, effectiveFatal: false, reviewed: true });
    expect(a.result.effectiveScore).toBeGreaterThan(0);

    const events = await server.database.db.selectFrom('domain_events').select(['type', 'payload']).where('type', '=', 'qa.finding.reviewed').execute();
    expect(events).toHaveLength(3);
    const rows = await audit('qa.finding.review');
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => (r.after as { status: string }).status === 'overturned' && (r.after as { check: string }).check === 'hangup.agent-first')).toMatchObject({
      before: { status: 'machine', effectiveScore: 80 },
      after: { effectiveScore: 90 },
    });
  });

  it('adds a finding the machine missed, with a check of the pack, and scores it', async () => {
    const url = `/api/qa/results/${ids.get('greeting.incomplete.v1')}/findings`;
    const unknown = await post(url, inspector, { check: 'no.such-check', segment: 0, note: '…' });
    expect(unknown.status).toBe(422);
    expect(errorCode(unknown.body)).toBe('QA_UNKNOWN_CHECK');
    const badSegment = await post(url, inspector, { check: 'empathy.missing', segment: 99, note: '客户不满未安抚' });
    expect(errorCode(badSegment.body)).toBe('QA_SEGMENT_INVALID');
    const added = await post(url, inspector, { check: 'empathy.missing', segment: 1, note: '客户语气不满,坐席未安抚' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ score: 75, fatal: false });
    const c = await card('greeting.incomplete.v1');
    const manual = c.findings.find((f) => f.source === 'manual')!;
    expect(manual).toMatchObject({ check: 'empathy.missing', segment: 1, status: 'confirmed', note: '客户语气不满,坐席未安抚' });
    expect(c.result).toMatchObject({ score: 85, effectiveScore: 75 });
    expect(await audit('qa.finding.add')).toHaveLength(1);
  });

  it('shows what each finding takes off, so 100 − the deductions is the effective score on screen', async () => {
    // the weights as the default QA configuration states them, read from the rows, not from the scoring code
    const weights: Record<string, number> = weightsSchema.parse({});
    const list = (await server.request('/api/qa/results?limit=500', { cookie: inspector })).body as Listed;
    let checked = 0;
    for (const item of list.items) {
      const c = (await server.request(`/api/qa/results/${item.id}`, { cookie: inspector })).body as Card;
      const seen = new Set<string>();
      for (const f of c.findings) {
        const counts = f.status !== 'overturned' && !seen.has(f.check);
        if (counts) seen.add(f.check);
        // a check counts once per call; overturned findings take nothing off; standard checks weigh what the defaults say
        if (!counts) expect({ call: item.callId, check: f.check, deduction: f.deduction }).toEqual({ call: item.callId, check: f.check, deduction: 0 });
        else if (f.check in weights) expect({ call: item.callId, check: f.check, deduction: f.deduction }).toEqual({ call: item.callId, check: f.check, deduction: weights[f.check] });
      }
      if (c.result.effectiveFatal) continue;
      const total = c.findings.reduce((sum, f) => sum + f.deduction, 0);
      expect({ call: item.callId, score: Math.max(0, Math.round(100 - total)) }).toEqual({ call: item.callId, score: c.result.effectiveScore });
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    // the call whose 先挂机 finding was overturned above: it takes nothing off, the others their weight (100 − 5 − 5 = 90)
    const c = await card('hangup.agent-first.v2');
    expect(c.findings.map((f) => [f.check, f.status, f.deduction])).toEqual(
      expect.arrayContaining([
        ['hangup.agent-first', 'overturned', 0],
        ['closing.no-offer', 'confirmed', weights['closing.no-offer']],
        ['closing.no-farewell', 'machine', weights['closing.no-farewell']],
      ]),
    );
    expect(c.result.effectiveScore).toBe(100 - weights['closing.no-offer']! - weights['closing.no-farewell']!);
  });

  it('keeps review to the roles that review, and nobody reviews their own call', async () => {
    expect((await review('greeting.incomplete.v1', 'greeting.incomplete', 'confirm', '', agent)).status).toBe(403);
    expect((await review('greeting.incomplete.v1', 'greeting.incomplete', 'confirm', '', dept)).status).toBe(403);
    const own = await review('lead-own.v1', 'closing.no-offer', 'confirm', '', lead);
    expect(own.status).toBe(403);
    expect(errorCode(own.body)).toBe('QA_OWN_CALL');
    const manager = await server.login('manager');
    expect((await review('lead-own.v1', 'closing.no-offer', 'confirm', '', manager)).status).toBe(200);
  });

  it('lets the call’s agent appeal a finding once, within the window, and never another agent’s', async () => {
    const other = await appeal('other-agent.v1', 'transfer.no-notice', '我有告知');
    expect(other.status).toBe(403);
    const inspectorAppeal = await appeal('hangup.agent-first.v2', 'closing.no-farewell', '…', inspector);
    expect(inspectorAppeal.status).toBe(403);
    const overturned = await appeal('hangup.agent-first.v2', 'hangup.agent-first', '本来就不该算');
    expect(errorCode(overturned.body)).toBe('QA_FINDING_OVERTURNED');

    const first = await appeal('hangup.agent-first.v2', 'closing.no-farewell', '最后一句客户已经道别,我回应了“好的再见”,转写漏了');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending' });
    const second = await appeal('hangup.agent-first.v2', 'closing.no-farewell', '再申诉一次');
    expect(second.status).toBe(409);
    expect(errorCode(second.body)).toBe('QA_APPEAL_EXISTS');
    // a confirmed finding may be appealed too
    expect((await appeal('hangup.agent-first.v2', 'closing.no-offer', '我问过“还有别的问题吗”')).status).toBe(201);

    // while it is under appeal, a reviewer decides the appeal rather than reviewing again
    const meanwhile = await review('hangup.agent-first.v2', 'closing.no-farewell', 'overturn', '改判');
    expect(errorCode(meanwhile.body)).toBe('QA_APPEAL_PENDING');

    const mine = (await server.request('/api/qa/appeals?status=pending', { cookie: agent })).body as { items: Array<{ callId: string; agentNo: string }>; total: number };
    expect(mine.total).toBe(2);
    expect(mine.items.every((a) => a.agentNo === '1024')).toBe(true);
    const pending = (await server.request('/api/qa/results?review=appeals-pending', { cookie: inspector })).body as Listed;
    expect(pending.items.map((i) => i.callId)).toEqual(['hangup.agent-first.v2']);
    expect(pending.items[0]?.pendingAppeals).toBe(2);
    expect(await audit('qa.appeal.file')).toHaveLength(2);
  });

  it('closes the appeal window 7 calendar days after the finding was reported', async () => {
    const f = await findingOf('greeting.incomplete.v1', 'greeting.incomplete');
    expect(new Date(f.appealUntil).getTime() - new Date(f.reportedAt).getTime()).toBe(7 * DAY);
    const url = `/api/qa/results/${ids.get('greeting.incomplete.v1')}/findings/${f.id}/appeal`;
    const saved = now;
    now = new Date(new Date(f.reportedAt).getTime() + 7 * DAY + 60_000);
    try {
      const late = await post(url, await server.login('agent'), { reason: '开头语是完整的' }); // a fresh sign-in: the old one expired meanwhile
      expect(late.status).toBe(409);
      expect(errorCode(late.body)).toBe('QA_APPEAL_WINDOW_CLOSED');
    } finally {
      now = saved;
    }
    expect((await post(url, agent, { reason: '开头语是完整的' })).status).toBe(201);
  });

  it('has an inspector or a lead decide an appeal: accepted overturns the finding, rejected confirms it; a decided appeal stays decided', async () => {
    const c = await card('hangup.agent-first.v2');
    const farewell = c.findings.find((f) => f.check === 'closing.no-farewell')!.appeal!;
    const offer = c.findings.find((f) => f.check === 'closing.no-offer')!.appeal!;
    const url = (id: string) => `/api/qa/appeals/${id}/decision`;

    expect((await post(url(farewell.id), agent, { decision: 'accept', note: '我同意我自己' })).status).toBe(403);
    expect((await post(url(farewell.id), await server.login('manager'), { decision: 'accept', note: '…' })).status).toBe(403);
    expect((await post(url(farewell.id), lead, { decision: 'accept' })).status).toBe(400);

    const accepted = await post(url(farewell.id), lead, { decision: 'accept', note: '听录音,坐席确有道别' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', effective: { score: 95 } });
    const again = await post(url(farewell.id), inspector, { decision: 'reject', note: '改判' });
    expect(again.status).toBe(409);
    expect(errorCode(again.body)).toBe('QA_APPEAL_NOT_PENDING');

    const rejected = await post(url(offer.id), inspector, { decision: 'reject', note: '录音中没有询问其他需求' });
    expect(rejected.body).toMatchObject({ status: 'rejected', effective: { score: 95, reviewed: true } });

    const after = await card('hangup.agent-first.v2', agent);
    expect(after.result).toMatchObject({ score: 80, effectiveScore: 95, reviewed: true });
    expect(after.findings.find((f) => f.check === 'closing.no-farewell')).toMatchObject({ status: 'overturned', appeal: { status: 'accepted', decisionNote: '听录音,坐席确有道别' } });
    expect(after.findings.find((f) => f.check === 'closing.no-offer')).toMatchObject({ status: 'confirmed', appeal: { status: 'rejected' } });
    // a decided appeal ends the matter for reviewers too
    expect(errorCode((await review('hangup.agent-first.v2', 'closing.no-offer', 'overturn', '再看看')).body)).toBe('QA_APPEAL_DECIDED');

    const decisions = await audit('qa.appeal.decide');
    expect(decisions.map((d) => (d.after as { status: string }).status).sort()).toEqual(['accepted', 'rejected']);
    const events = await server.database.db.selectFrom('domain_events').select('type').where('type', 'in', ['qa.appeal.filed', 'qa.appeal.decided']).execute();
    expect(events).toHaveLength(5);
  });

  it('filters the list by review state, and an agent sees only their own calls', async () => {
    const reviewed = (await server.request('/api/qa/results?review=reviewed&limit=500', { cookie: inspector })).body as Listed;
    // lead-own.v1 has a second finding (its greeting names 工号 1024, not 2001) nobody reviewed
    expect(reviewed.items.map((i) => i.callId).sort()).toEqual(['hangup.agent-first.v2', 'taboo.phrase.v2']);
    const unreviewed = (await server.request('/api/qa/results?review=unreviewed&limit=500', { cookie: inspector })).body as Listed;
    expect(unreviewed.items.map((i) => i.callId)).toContain('lead-own.v1');
    expect(unreviewed.items.map((i) => i.callId)).toContain('greeting.incomplete.v1');
    expect(unreviewed.items.map((i) => i.callId)).not.toContain('hangup.agent-first.v2');
    expect(unreviewed.items.map((i) => i.callId)).not.toContain('all.ok.simple'); // nothing to review
    const pending = (await server.request('/api/qa/results?review=appeals-pending', { cookie: inspector })).body as Listed;
    expect(pending.items.map((i) => i.callId)).toEqual(['greeting.incomplete.v1']);
    const agentView = (await server.request('/api/qa/results?review=reviewed&limit=500', { cookie: agent })).body as Listed;
    expect(agentView.items.map((i) => i.callId).sort()).toEqual(['hangup.agent-first.v2', 'taboo.phrase.v2']);
    expect((await server.request(`/api/qa/results/${ids.get('other-agent.v1')}`, { cookie: agent })).status).toBe(403);
    expect((await server.request('/api/qa/results?review=nonsense', { cookie: inspector })).status).toBe(400);
  });

  it('keeps human decisions through a re-check after the standard changed, and records the ones it drops', async () => {
    // the organisation adopts a pack: its own weights and a custom rule, closing.no-offer switched off
    const org = (await findOrgBySlug(server.database.db, 'demo'))!;
    const files = (await readPackFiles(DEMO_PACK_DIR)).map((f) => ({
      name: path.basename(f.name),
      // … and its custom rule applies to every call (the default pack limits it to calls where a request was registered)
      text:
        path.basename(f.name) === 'qa.yaml'
          ? f.text.replace('  fatal: [privacy.disclosure]', '  fatal: [privacy.disclosure]\n  disabled: [closing.no-offer]').replace('\n      appliesWhen: { registered: true }', '')
          : f.text,
    }));
    const saved = await saveVersion({ db: server.database.db, orgId: org.id, actor: systemActor, now: clock }, { files, activate: true, note: 'closing.no-offer off' });
    expect(saved.warnings).toBeDefined();

    const before = await card('hangup.agent-first.v2');
    const r = await post('/api/qa/recheck', inspector, { since: '2020-01-01' });
    expect(r.body).toEqual({ queued: 89 });
    await worker.drain();

    const after = await card('hangup.agent-first.v2');
    // found again: same id, same decision and appeal
    for (const check of ['hangup.agent-first', 'closing.no-farewell']) {
      const b = before.findings.find((f) => f.check === check)!;
      const a = after.findings.find((f) => f.check === check)!;
      expect({ check, id: a.id, status: a.status, appeal: a.appeal?.status }).toEqual({ check, id: b.id, status: b.status, appeal: b.appeal?.status });
    }
    // closing.no-offer is no longer a finding; the pack's custom rule is a new, unreviewed one
    expect(after.findings.map((f) => f.check)).not.toContain('closing.no-offer');
    expect(after.findings.find((f) => f.check === 'intake.deadline-told')).toMatchObject({ status: 'machine', source: 'machine' });
    // machine: 100 − 5 (farewell) − 10 (hangup) − 2 (custom rule); effective: the overturned two do not count
    expect(after.result).toMatchObject({ score: 83, effectiveScore: 98, reviewed: false });

    // manual findings stay whatever the machine finds
    const manual = (await card('greeting.incomplete.v1')).findings.filter((f) => f.source === 'manual');
    expect(manual).toHaveLength(1);

    const dropped = await audit('qa.findings.drop');
    const forCall = dropped.filter((d) => d.entityId === ids.get('hangup.agent-first.v2'));
    expect(forCall).toHaveLength(1);
    expect(forCall[0]?.before).toEqual([
      expect.objectContaining({ check: 'closing.no-offer', status: 'confirmed', appeal: expect.objectContaining({ status: 'rejected', reason: '我问过“还有别的问题吗”' }) }),
    ]);
  });

  it('answers with 404 and 400, never 500, for ids that do not exist or are malformed', async () => {
    const t = ids.get('greeting.incomplete.v1');
    expect((await post(`/api/qa/results/${t}/findings/999999/review`, inspector, { decision: 'confirm' })).status).toBe(404);
    expect((await post(`/api/qa/results/${t}/findings/abc/review`, inspector, { decision: 'confirm' })).status).toBe(400);
    expect((await post('/api/qa/appeals/00000000-0000-4000-8000-000000000000/decision', lead, { decision: 'accept', note: 'x' })).status).toBe(404);
    expect((await post('/api/qa/results/00000000-0000-4000-8000-000000000000/findings/1/appeal', agent, { reason: 'x' })).status).toBe(404);
  });
});

describe('calibration from reviews (规则校准)', () => {
  it('gives per check the machine findings, how many people reviewed and overturned, as the raw rows say', async () => {
    const r = await server.request('/api/qa/calibration', { cookie: inspector });
    expect(r.status).toBe(200);
    const items = (r.body as { items: Array<{ check: string; findings: number; reviewed: number; overturned: number; overturnRate: number | null }> }).items;
    // an independent count over the stored findings
    const org = (await findOrgBySlug(server.database.db, 'demo'))!;
    const rows = await server.database.db.selectFrom('qa_findings').select(['check_id', 'status', 'source']).where('org_id', '=', org.id).execute();
    const expected = new Map<string, { findings: number; reviewed: number; overturned: number }>();
    for (const row of rows) {
      if (row.source !== 'machine') continue;
      const e = expected.get(row.check_id) ?? { findings: 0, reviewed: 0, overturned: 0 };
      e.findings++;
      if (row.status !== 'machine') e.reviewed++;
      if (row.status === 'overturned') e.overturned++;
      expected.set(row.check_id, e);
    }
    expect(items.map((i) => i.check)).toEqual([...expected.keys()].sort());
    for (const i of items) {
      const e = expected.get(i.check)!;
      expect(i).toEqual({ check: i.check, ...e, overturnRate: e.reviewed > 0 ? e.overturned / e.reviewed : null });
    }
    // the reviews of this file overturned some findings: some check has a rate above 0
    expect(items.some((i) => (i.overturnRate ?? 0) > 0)).toBe(true);
  });

  it('tells per inspector how often they agree with the others on findings reviewed twice, as the review history says', async () => {
    const org = (await findOrgBySlug(server.database.db, 'demo'))!;
    // three machine findings nobody has decided yet, on calls that are neither the lead's nor the inspector's own
    const open = await server.database.db
      .selectFrom('qa_findings as f')
      .innerJoin('qa_transcripts as t', 't.id', 'f.transcript_id')
      .select(['f.id', 'f.transcript_id'])
      .where('f.org_id', '=', org.id)
      .where('f.source', '=', 'machine')
      .where('f.status', '=', 'machine')
      .where('t.external_id', 'like', 'all.%')
      .where('t.agent_no', '=', '1024')
      .orderBy('f.id')
      .limit(3)
      .execute();
    expect(open).toHaveLength(3);
    const decide = (f: (typeof open)[number], cookie: string, decision: 'confirm' | 'overturn') =>
      post(`/api/qa/results/${f.transcript_id}/findings/${f.id}/review`, cookie, { decision, note: decision === 'overturn' ? '复听录音后认为不构成问题' : '' });
    for (const f of open) expect((await decide(f, inspector, 'confirm')).status).toBe(200);
    expect((await decide(open[0]!, lead, 'confirm')).status).toBe(200);
    expect((await decide(open[1]!, lead, 'overturn')).status).toBe(200);
    expect((await decide(open[2]!, lead, 'confirm')).status).toBe(200);
    // the lead changes their mind on the second: their latest decision counts
    expect((await decide(open[1]!, lead, 'confirm')).status).toBe(200);
    expect((await decide(open[1]!, lead, 'overturn')).status).toBe(200);

    const r = await server.request('/api/qa/calibration', { cookie: inspector });
    const people = (r.body as { inspectors: Array<{ name: string; compared: number; agreed: number; agreementRate: number | null }> }).inspectors;
    // an independent count from the audit log: each person's last decision per finding
    const rows = await server.database.db.selectFrom('audit_log').select(['entity_id', 'actor_id', 'actor_name', 'after', 'at', 'id']).where('org_id', '=', org.id).where('action', '=', 'qa.finding.review').orderBy('at').orderBy('id').execute();
    const last = new Map<string, Map<string, string>>();
    for (const row of rows) {
      const byActor = last.get(row.entity_id) ?? new Map<string, string>();
      byActor.set(row.actor_id!, (row.after as { status: string }).status);
      last.set(row.entity_id, byActor);
    }
    const users = await server.database.db.selectFrom('users').select(['id', 'display_name']).where('org_id', '=', org.id).execute();
    for (const p of people) {
      const id = users.find((u) => u.display_name === p.name)!.id;
      let compared = 0;
      let agreed = 0;
      for (const byActor of last.values()) {
        if (byActor.size < 2 || !byActor.has(id)) continue;
        compared++;
        if ([...byActor.values()].every((v) => v === byActor.get(id))) agreed++;
      }
      expect({ name: p.name, compared: p.compared, agreed: p.agreed }).toEqual({ name: p.name, compared, agreed });
    }
    const inspectorRow = people.find((p) => p.name === users.find((u) => u.display_name === '赵静')?.display_name);
    expect(inspectorRow).toMatchObject({ compared: 3, agreed: 2 });
    expect(inspectorRow?.agreementRate).toBeCloseTo(2 / 3);
  });

  it('is for the people who own the rules, not for agents', async () => {
    expect((await server.request('/api/qa/calibration', { cookie: agent })).status).toBe(403);
    expect((await server.request('/api/qa/calibration', { cookie: lead })).status).toBe(200);
  });
});

describe('a ticket made from the call tells QA a request was registered', () => {
  it('finds the ticket through the call that holds the transcript', async () => {
    const { hasTicketFromTranscript } = await import('./qa.repo.js');
    const db = server.database.db;
    const org = (await findOrgBySlug(db, 'demo'))!;
    const transcriptId = ids.get('all.ok.simple')!;
    expect(await hasTicketFromTranscript(db, org.id, transcriptId)).toBe(false);
    const conn = await db.insertInto('cti_connections').values({ org_id: org.id, name: 'qa-test', token_hash: `qa-test-${Date.now()}`, token_hint: 'test' } as never).returning('id').executeTakeFirstOrThrow();
    const call = await db.insertInto('calls').values({ org_id: org.id, connection_id: conn.id, external_id: `qa-test-${Date.now()}`, state: JSON.stringify({}), qa_transcript_id: transcriptId } as never).returning('id').executeTakeFirstOrThrow();
    // a ticket of another call does not count
    await db.insertInto('tickets').values({ org_id: org.id, number: 'QA-T-1', category: 'consult', priority: 'p3', title: '别的来电', status: 'accepted', call_ids: ['00000000-0000-4000-8000-000000000001'] } as never).execute();
    expect(await hasTicketFromTranscript(db, org.id, transcriptId)).toBe(false);
    await db.insertInto('tickets').values({ org_id: org.id, number: 'QA-T-2', category: 'consult', priority: 'p3', title: '这通来电', status: 'accepted', call_ids: [call.id] } as never).execute();
    expect(await hasTicketFromTranscript(db, org.id, transcriptId)).toBe(true);
  });

  it('a ticket made from a checked call queues the call to be checked again, so the check sees the registered request', async () => {
    const db = server.database.db;
    const org = (await findOrgBySlug(db, 'demo'))!;
    const transcriptId = ids.get('all.ok.simple')!;
    const conn = await db.insertInto('cti_connections').values({ org_id: org.id, name: 'qa-test-2', token_hash: `qa-test-2-${Date.now()}`, token_hint: 'test' } as never).returning('id').executeTakeFirstOrThrow();
    const call = await db.insertInto('calls').values({ org_id: org.id, connection_id: conn.id, external_id: `qa-test-2-${Date.now()}`, state: JSON.stringify({}), qa_transcript_id: transcriptId } as never).returning('id').executeTakeFirstOrThrow();
    const queued = () => db.selectFrom('jobs').select('id').where('name', '=', 'qa.check').where('status', '=', 'queued').where(sql<boolean>`payload->>'transcriptId' = ${transcriptId}`).execute();
    expect(await queued()).toHaveLength(0);
    const r = await server.request('/api/tickets', { method: 'POST', cookie: agent, json: { ...helpTicket, callIds: [call.id, 'not-a-call-id'] } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await queued()).toHaveLength(1);
    // a ticket made from no call queues nothing
    expect((await server.request('/api/tickets', { method: 'POST', cookie: agent, json: helpTicket })).status).toBe(201);
    expect(await queued()).toHaveLength(1);
    await worker.drain();
    expect(await queued()).toHaveLength(0);
  });
});
