-- Ticket and QA rollups for reports (docs/kpi.md, "Rollups"), like the call rollups: sums per 15-minute UTC bin
-- (every time grain and the totals) and per local day with the dimensions (department, category, 工号 for tickets;
-- 工号 for QA). They are rebuilt from their source rows, never updated by arithmetic:
--   - ticket sums are rebuilt from kpi_ticket_facts when the facts of a ticket are rebuilt (the bins of its old and new
--     row), so no trigger beyond those of 0011_reports_ticket_facts.sql;
--   - QA sums are rebuilt from qa_transcripts + qa_results for the bins a trigger marks dirty.
-- "Overdue now" depends on the clock and stays out of the sums: it is counted from the facts of the unfinished
-- tickets, found through a partial index.
create table kpi_ticket_rollup (
  org_id               uuid not null references orgs(id),
  bin                  timestamptz not null,
  created              integer not null,
  merged               integer not null,
  finished             integer not null,
  finished_on_time     integer not null,
  dispatched           integer not null,
  returned             integer not null,
  extended             integer not null,
  surveyed             integer not null,
  satisfied            integer not null,
  basically_satisfied  integer not null,
  unsatisfied          integer not null,
  closed_on_call       integer not null,
  primary key (org_id, bin)
);

create table kpi_ticket_day_rollup (
  org_id               uuid not null references orgs(id),
  day                  date not null,
  zone                 text not null,
  department_id        text not null,          -- '' for none
  category             text not null,
  agent_no             text not null,          -- the creator's 工号, '' for none
  created              integer not null,
  merged               integer not null,
  finished             integer not null,
  finished_on_time     integer not null,
  dispatched           integer not null,
  returned             integer not null,
  extended             integer not null,
  surveyed             integer not null,
  satisfied            integer not null,
  basically_satisfied  integer not null,
  unsatisfied          integer not null,
  closed_on_call       integer not null,
  primary key (org_id, day, department_id, category, agent_no)
);

-- the tickets "overdue now" can count: live, not finished, with a moment they become overdue
create index kpi_ticket_facts_open_idx on kpi_ticket_facts (org_id, created_at) include (overdue_at, department_id, category, agent_no)
  where not merged and not finished and overdue_at is not null;

create table kpi_qa_rollup (
  org_id     uuid not null references orgs(id),
  bin        timestamptz not null,
  checked    integer not null,
  score_sum  bigint not null,
  fatal      integer not null,
  primary key (org_id, bin)
);

create table kpi_qa_day_rollup (
  org_id     uuid not null references orgs(id),
  day        date not null,
  zone       text not null,
  agent_no   text not null,
  checked    integer not null,
  score_sum  bigint not null,
  fatal      integer not null,
  primary key (org_id, day, agent_no)
);

create table kpi_qa_dirty_bins (
  org_id  uuid not null references orgs(id),
  bin     timestamptz not null,
  primary key (org_id, bin)
);

-- a result written, reviewed (effective score or fatal changed) or removed: its transcript's bin
create function kpi_mark_qa_result() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into kpi_qa_dirty_bins (org_id, bin)
    select q.org_id, date_bin('15 minutes', q.started_at, timestamptz '2000-01-01 00:00:00+00') from qa_transcripts q where q.id = old.transcript_id
    on conflict do nothing;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into kpi_qa_dirty_bins (org_id, bin)
    select q.org_id, date_bin('15 minutes', q.started_at, timestamptz '2000-01-01 00:00:00+00') from qa_transcripts q where q.id = new.transcript_id
    on conflict do nothing;
  end if;
  return null;
end $$;

create trigger qa_results_kpi_dirty after insert or delete or update of transcript_id, effective_score, effective_fatal on qa_results
  for each row execute function kpi_mark_qa_result();

-- a transcript moved in time or to another 工号 (or removed): its bins before and after
create function kpi_mark_qa_transcript() returns trigger language plpgsql as $$
begin
  insert into kpi_qa_dirty_bins (org_id, bin) values (old.org_id, date_bin('15 minutes', old.started_at, timestamptz '2000-01-01 00:00:00+00'))
  on conflict do nothing;
  if tg_op = 'UPDATE' then
    insert into kpi_qa_dirty_bins (org_id, bin) values (new.org_id, date_bin('15 minutes', new.started_at, timestamptz '2000-01-01 00:00:00+00'))
    on conflict do nothing;
  end if;
  return null;
end $$;

create trigger qa_transcripts_kpi_dirty after delete or update of org_id, started_at, agent_no on qa_transcripts
  for each row execute function kpi_mark_qa_transcript();

-- what was stored before: every QA bin is dirty once, every ticket's facts (and so its sums) rebuilt once
insert into kpi_qa_dirty_bins (org_id, bin)
select distinct q.org_id, date_bin('15 minutes', q.started_at, timestamptz '2000-01-01 00:00:00+00')
from qa_transcripts q join qa_results r on r.transcript_id = q.id
on conflict do nothing;
insert into kpi_dirty_tickets (ticket_id, org_id) select id, org_id from tickets on conflict do nothing;
