-- Rollups, second shape (docs/kpi.md, "Rollups"). Per 15-minute bin, queue and 工号 the call rollup had about as
-- many rows as a busy line has calls; now it is two tables that stay small:
--   kpi_call_rollup      per 15-minute UTC bin, no dimensions: every time grain and the totals;
--   kpi_call_day_rollup  per local day of the organisation (in the zone it was built with), queue and 工号: the
--                        agent, team and queue rows of a report, whose periods are whole local days.
-- Agent state time (occupancy) gets the same two, from finished states; a state still going on is added at read.
-- Both are rebuilt from the raw rows for the bins a change touched (calls: 0011_reports_rollup.sql's trigger; agent
-- states: the trigger below), so late or repeated events cannot leave a wrong sum.
drop table kpi_call_rollup;

create table kpi_call_rollup (
  org_id               uuid not null references orgs(id),
  bin                  timestamptz not null,
  t1_sec               integer not null,
  t2_sec               integer not null,
  answered             integer not null,
  abandoned            integer not null,
  short_abandoned      integer not null,
  within_t1            integer not null,
  within_t2            integer not null,
  within_15            integer not null,
  after_t1             integer not null,
  after_t2             integer not null,
  wait_answered_ms     bigint not null,
  max_wait_ms          integer not null,
  counted              integer not null,
  talk_ms              bigint not null,
  hold_ms              bigint not null,
  wrapup_ms            bigint not null,
  wrapup_count         integer not null,
  transfers            integer not null,
  transferred_calls    integer not null,
  outbound             integer not null,
  primary key (org_id, bin)
);

create table kpi_call_day_rollup (
  org_id               uuid not null references orgs(id),
  day                  date not null,
  zone                 text not null,
  queue                text not null,
  agent_no             text not null,
  t1_sec               integer not null,
  t2_sec               integer not null,
  answered             integer not null,
  abandoned            integer not null,
  short_abandoned      integer not null,
  within_t1            integer not null,
  within_t2            integer not null,
  within_15            integer not null,
  after_t1             integer not null,
  after_t2             integer not null,
  wait_answered_ms     bigint not null,
  max_wait_ms          integer not null,
  counted              integer not null,
  talk_ms              bigint not null,
  hold_ms              bigint not null,
  wrapup_ms            bigint not null,
  wrapup_count         integer not null,
  transfers            integer not null,
  transferred_calls    integer not null,
  outbound             integer not null,
  primary key (org_id, day, queue, agent_no)
);

-- every stored call's bin once more, for the new tables
insert into kpi_dirty_bins (org_id, bin)
select distinct org_id, date_bin('15 minutes', ringing_at, timestamptz '2000-01-01 00:00:00+00') from calls where ringing_at is not null
on conflict do nothing;

create table kpi_agent_time_rollup (
  org_id        uuid not null references orgs(id),
  bin           timestamptz not null,
  busy_ms       bigint not null,
  available_ms  bigint not null,
  primary key (org_id, bin)
);

create table kpi_agent_time_day_rollup (
  org_id        uuid not null references orgs(id),
  day           date not null,
  zone          text not null,
  agent_no      text not null,
  busy_ms       bigint not null,
  available_ms  bigint not null,
  primary key (org_id, day, agent_no)
);

create table kpi_agent_dirty_bins (
  org_id  uuid not null references orgs(id),
  bin     timestamptz not null,
  primary key (org_id, bin)
);

create function kpi_mark_agent_bins() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.state in ('on_call', 'wrap_up', 'available') and old.ended_at > old.started_at then
    insert into kpi_agent_dirty_bins (org_id, bin)
    select old.org_id, b from generate_series(date_bin('15 minutes', old.started_at, timestamptz '2000-01-01 00:00:00+00'), old.ended_at - interval '1 microsecond', '15 minutes') as b
    on conflict do nothing;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.state in ('on_call', 'wrap_up', 'available') and new.ended_at > new.started_at then
    insert into kpi_agent_dirty_bins (org_id, bin)
    select new.org_id, b from generate_series(date_bin('15 minutes', new.started_at, timestamptz '2000-01-01 00:00:00+00'), new.ended_at - interval '1 microsecond', '15 minutes') as b
    on conflict do nothing;
  end if;
  return null;
end $$;

create trigger agent_state_log_kpi_dirty after insert or update or delete on agent_state_log
  for each row execute function kpi_mark_agent_bins();

-- Finding the states that cover a span of bins: those that end after its start.
create index agent_state_log_org_ended_idx on agent_state_log (org_id, ended_at);

insert into kpi_agent_dirty_bins (org_id, bin)
select distinct org_id, b from agent_state_log, generate_series(date_bin('15 minutes', started_at, timestamptz '2000-01-01 00:00:00+00'), ended_at - interval '1 microsecond', '15 minutes') as b
where state in ('on_call', 'wrap_up', 'available') and ended_at > started_at
on conflict do nothing;
