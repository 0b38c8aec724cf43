// `npm run bench:reports`: a month of a busy line in one organisation — 1M calls (--calls), their agent
// states, 200k tickets (--tickets) with timers and transitions, QA results for a fifth of the answered calls — on
// PostgreSQL when REXIAN_TEST_DATABASE_URL points at a server (a fresh database, dropped after), else in-memory
// PGlite. Rows are written with generate_series (the CTI intake is measured by bench:cti); the calls trigger marks
// their rollup bins as it would for live traffic. Then it prints, best of --runs:
//   - a bare count(*) over the month's calls (the floor);
//   - building the call rollup once (what live traffic spreads over the month);
//   - the KPI report by day, by 15-minute interval and by agent with the rollup, and by day from the raw calls;
//   - each part of the report (calls, agent time, tickets, QA, top checks and callbacks) on its own.
// --keep (PostgreSQL) leaves the filled database on the server and prints its URL.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createTestDatabase, usingPostgres } from '../test/helpers/db.js';
import { seedDemo } from '../src/server/demo.js';
import { declaredActionsOf, kpiReport, type CallSource } from '../src/server/modules/reports/reports.service.js';
import * as repo from '../src/server/modules/reports/reports.repo.js';
import * as rollups from '../src/server/modules/reports/reports.rollup.repo.js';
import { periodOf } from '../src/shared/kpi/index.js';
import type { KpiQuery } from '../src/server/modules/reports/reports.schema.js';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const CALLS = arg('calls', 1_000_000);
const TICKETS = arg('tickets', 200_000);
const RUNS = arg('runs', 5);
const AGENTS = 120;
const CHUNK = 100_000;
// --keep (PostgreSQL): leave the filled database on the server and print its URL, to EXPLAIN the queries afterwards
const KEEP = process.argv.includes('--keep');

const database = await createTestDatabase();
const db = database.db;
const kind = usingPostgres() ? 'PostgreSQL' : 'PGlite';
const log = (s: string) => process.stdout.write(`${s}\n`);

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}
async function best(fn: () => Promise<unknown>, runs = RUNS): Promise<{ best: number; median: number }> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push((await time(fn)).ms);
  xs.sort((a, b) => a - b);
  return { best: xs[0] ?? 0, median: xs[Math.floor(xs.length / 2)] ?? 0 };
}
const fmt = (x: { best: number; median: number }) => `${x.best.toFixed(0).padStart(7)} ms best, ${x.median.toFixed(0).padStart(7)} ms median`;

try {
  await seedDemo(db, { pack: false, calls: false });
  const org = await db.selectFrom('orgs').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const orgId = org.id;
  const conn = await db
    .insertInto('cti_connections')
    .values({ org_id: orgId, name: 'bench', kind: 'events', token_hash: 'bench', token_hint: 'nch', settings: '{}', created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const departments = (await db.selectFrom('departments').select('id').where('org_id', '=', orgId).execute()).map((d) => d.id);
  const period = periodOf('2026-12-01', '2026-12-31', 'Asia/Shanghai');
  const start = new Date(period.start);
  const monthMs = period.end - period.start;

  log(`bench:reports on ${kind}: ${CALLS.toLocaleString('en')} calls, ${TICKETS.toLocaleString('en')} tickets, ${AGENTS} agents, December 2026 (Asia/Shanghai)`);
  await sql`select setseed(0.42)`.execute(db);
  const fill = await time(async () => {
    for (let from = 0; from < CALLS; from += CHUNK) {
      const to = Math.min(CALLS, from + CHUNK) - 1;
      // each call: ringing spread over the month, a wait, answered (90 %) or abandoned, talk, hold, wrap-up
      await sql`
        insert into calls (org_id, connection_id, external_id, direction, from_number, to_number, queue, agent_no, status, ringing_at, answered_at, ended_at,
          wait_ms, talk_ms, hold_ms, wrapup_ms, abandoned, state, created_at, updated_at)
        select ${orgId}, ${conn.id}, 'b' || i, case when r1 < 0.05 then 'out' else 'in' end, '138' || lpad((i % 100000000)::text, 8, '0'), '12345',
          (array['general', 'general', 'enterprise', 'night'])[1 + (i % 4)],
          case when r2 < 0.9 then (1000 + (i % ${AGENTS}))::text end, 'ended', ring,
          case when r2 < 0.9 then ring + make_interval(secs => w / 1000.0) end,
          ring + make_interval(secs => w / 1000.0 + case when r2 < 0.9 then t / 1000.0 else 0 end),
          w, case when r2 < 0.9 then t end, case when r2 < 0.9 and r3 < 0.2 then (r3 * 300000)::int else 0 end,
          case when r2 < 0.9 then (r3 * 120000)::int end, r1 >= 0.05 and r2 >= 0.9,
          case when r3 < 0.05 then '{"transfers":[{"at":"x","target":"expert","agentNo":null}]}'::jsonb else '{"transfers":[]}'::jsonb end, ring, ring
        from (select i, random() as r1, random() as r2, random() as r3,
                     ${start}::timestamptz + make_interval(secs => (i::float8 / ${CALLS}) * ${monthMs / 1000} + random() * 60) as ring,
                     (random() * random() * 60000)::int as w, (60000 + random() * 400000)::int as t
              from generate_series(${from}::int, ${to}::int) as i) g`.execute(db);
    }
    // agent states: on the call and in wrap-up for each answered call, and an available stretch before it
    await sql`
      insert into agent_state_log (org_id, agent_no, state, source, started_at, ended_at, duration_ms)
      select ${orgId}, c.agent_no, s.state, 'cti', s.a, s.b, (extract(epoch from s.b - s.a) * 1000)::int
      from calls c cross join lateral (values
        ('available', c.answered_at - interval '90 seconds', c.answered_at),
        ('on_call', c.answered_at, c.ended_at),
        ('wrap_up', c.ended_at, c.ended_at + make_interval(secs => c.wrapup_ms / 1000.0))) as s(state, a, b)
      where c.org_id = ${orgId} and c.agent_no is not null`.execute(db);
    for (let from = 0; from < TICKETS; from += CHUNK) {
      const to = Math.min(TICKETS, from + CHUNK) - 1;
      await sql`
        insert into tickets (org_id, number, category, priority, title, status, department_id, satisfaction, extension, created_at, updated_at, closed_at)
        select ${orgId}, 'T' || i, (array['help', 'complaint', 'consult', 'suggestion'])[1 + (i % 4)], 'normal', '工单 ' || i,
          case when r < 0.7 then 'archived' else 'in_progress' end, (${departments}::uuid[])[1 + (i % ${departments.length})],
          case when r < 0.5 then (array['satisfied', 'basically_satisfied', 'unsatisfied'])[1 + (i % 3)] end,
          case when r > 0.95 then 'approved' else 'none' end, at, at, case when r < 0.7 then at + interval '2 days' end
        from (select i, random() as r, ${start}::timestamptz + make_interval(secs => (i::float8 / ${TICKETS}) * ${monthMs / 1000}) as at
              from generate_series(${from}::int, ${to}::int) as i) g`.execute(db);
    }
    await sql`
      insert into ticket_timers (org_id, ticket_id, kind, duration, started_at, due_at, status, met_at, created_at)
      select t.org_id, t.id, 'resolution', '5wd', t.created_at, t.created_at + interval '5 days',
        case when t.closed_at is null then 'running' when random() < 0.9 then 'met' else 'breached' end, t.closed_at, t.created_at
      from tickets t where t.org_id = ${orgId}`.execute(db);
    await sql`
      insert into ticket_transitions (org_id, ticket_id, action, from_state, to_state, actor_name, at)
      select t.org_id, t.id, a.action, 'accepted', 'dispatched', 'bench', t.created_at
      from tickets t cross join lateral (select 'dispatch' as action union all select 'return' where random() < 0.05) a
      where t.org_id = ${orgId}`.execute(db);
    // QA for a fifth of the answered calls
    await sql`
      insert into qa_transcripts (org_id, external_id, agent_no, started_at, transcript, source)
      select org_id, external_id, agent_no, answered_at, '{}'::jsonb, 'cti' from calls
      where org_id = ${orgId} and agent_no is not null and answered_at is not null and random() < 0.2`.execute(db);
    await sql`
      insert into qa_results (transcript_id, org_id, score, fatal, checks, effective_score, effective_fatal)
      select id, org_id, s, s < 60, '{}', s, s < 60 from (select id, org_id, (60 + random() * 40)::int as s from qa_transcripts where org_id = ${orgId}) q`.execute(db);
    await sql`analyze`.execute(db);
  });
  const counts = await sql<{ calls: number; states: number; tickets: number; qa: number }>`
    select (select count(*) from calls)::int as calls, (select count(*) from agent_state_log)::int as states,
           (select count(*) from tickets)::int as tickets, (select count(*) from qa_results)::int as qa`.execute(db);
  log(`filled in ${(fill.ms / 1000).toFixed(1)} s: ${JSON.stringify(counts.rows[0])}`);

  const range = { orgId, start, end: new Date(period.end), timeZone: period.timeZone };
  const bare = await best(() => sql`select count(*) from calls where org_id = ${orgId} and ringing_at >= ${range.start} and ringing_at < ${range.end}`.execute(db));
  const t = { t1Sec: 15, t2Sec: 20 };
  const build = await time(() => rollups.refreshCallRollup(db, orgId, t, period.timeZone));
  const buildAgents = await time(() => rollups.refreshAgentTimeRollup(db, orgId, period.timeZone));
  const acts = await declaredActionsOf({ db, orgId });
  const buildTickets = await time(() => rollups.refreshTicketFacts(db, orgId, period.timeZone, acts));
  const buildQa = await time(() => rollups.refreshQaRollup(db, orgId, period.timeZone));
  const ctx = { db, orgId, actor: { id: null, name: 'bench', role: 'system' as const }, now: () => new Date('2027-01-05T00:00:00Z') };
  const report = (q: Partial<KpiQuery>, source: CallSource = 'rollup') => kpiReport(ctx, { from: '2026-12-01', to: '2026-12-31', by: 'day', interval: 60, ...q }, { source });
  const sample = await report({});
  log(`check: offered ${sample.total.calls?.offered}, tickets ${sample.total.tickets?.created}, QA ${sample.total.qa?.checked}`);

  log('');
  log(`bare count(*) of the month's calls      ${fmt(bare)}`);
  log(`build the call rollup (${String(build.value).padStart(4)} bins)      ${build.ms.toFixed(0).padStart(7)} ms once`);
  log(`build the agent-time rollup (${String(buildAgents.value).padStart(4)} bins) ${buildAgents.ms.toFixed(0).padStart(7)} ms once`);
  log(`build the ticket facts (${buildTickets.value} tickets)  ${buildTickets.ms.toFixed(0).padStart(7)} ms once`);
  log(`build the QA rollup (${String(buildQa.value).padStart(4)} bins)        ${buildQa.ms.toFixed(0).padStart(7)} ms once`);
  log(`report by day (rollup)                   ${fmt(await best(() => report({})))}`);
  log(`report by 15-min interval (rollup)       ${fmt(await best(() => report({ by: 'interval', interval: 15 })))}`);
  log(`report by agent (rollup)                 ${fmt(await best(() => report({ by: 'agent' })))}`);
  log(`report by day (raw calls)                ${fmt(await best(() => report({}, 'raw'), Math.min(RUNS, 3)))}`);
  log('parts of the report by day:');
  log(`  calls from the rollup (2 queries)      ${fmt(await best(async () => {
    await rollups.callAggregatesFromRollup(db, range, { time: { kind: 'day' } });
    await rollups.callAggregatesFromRollup(db, range, { time: { kind: 'interval', minutes: 60 } });
  }))}`);
  log(`  agent time from the rollup (1 query)   ${fmt(await best(async () => {
    await rollups.agentTimeFromRollup(db, range, { kind: 'day' }, null, ctx.now());
  }))}`);
  log(`  tickets from the rollup (2 queries)    ${fmt(await best(async () => {
    await rollups.ticketAggregatesFromFacts(db, range, { time: { kind: 'day' } }, ctx.now());
  }))}`);
  log(`  QA from the rollup (1 query)           ${fmt(await best(async () => {
    await rollups.qaAggregatesFromRollup(db, range, { time: { kind: 'day' } });
  }))}`);
  log(`  top checks and callbacks (2 queries)   ${fmt(await best(async () => {
    await repo.topChecks(db, range);
    await repo.callbackAggregates(db, range, null);
  }))}`);
  log(`  QA from the raw rows (1 query)         ${fmt(await best(async () => {
    await repo.qaAggregates(db, range, { time: { kind: 'day' } });
  }))}`);
} finally {
  if (KEEP && 'url' in database && database.url) {
    log(`kept: ${database.url}`);
    await database.db.destroy();
  } else await database.close();
}
