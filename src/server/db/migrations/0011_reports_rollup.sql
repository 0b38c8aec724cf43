-- Call rollups for reports (docs/kpi.md, "Rollups"): the additive call aggregates per 15-minute bin (UTC-aligned, so
-- they compose into the local 15/30/60-minute intervals, days, weeks and months of every zone whose offset is a whole
-- number of quarter hours), queue and 工号. A bin is recomputed from the calls table whenever one of its calls
-- changes: a trigger marks the bin (before and after the change) dirty, and the reports module refreshes dirty bins
-- before it reads. Late, repeated or re-folded CTI events therefore cannot leave a wrong sum behind.
create table kpi_call_rollup (
  org_id               uuid not null references orgs(id),
  bin                  timestamptz not null,
  queue                text not null default '',
  agent_no             text not null default '',
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
  counted              integer not null,   -- answered + abandoned + short abandons: the longest wait is only meaningful above 0
  talk_ms              bigint not null,
  hold_ms              bigint not null,
  wrapup_ms            bigint not null,
  wrapup_count         integer not null,
  transfers            integer not null,
  transferred_calls    integer not null,
  outbound             integer not null,
  primary key (org_id, bin, queue, agent_no)
);

create table kpi_dirty_bins (
  org_id  uuid not null references orgs(id),
  bin     timestamptz not null,
  primary key (org_id, bin)
);

create function kpi_mark_call_bins() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.ringing_at is not null then
    insert into kpi_dirty_bins (org_id, bin) values (old.org_id, date_bin('15 minutes', old.ringing_at, timestamptz '2000-01-01 00:00:00+00'))
    on conflict do nothing;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.ringing_at is not null then
    insert into kpi_dirty_bins (org_id, bin) values (new.org_id, date_bin('15 minutes', new.ringing_at, timestamptz '2000-01-01 00:00:00+00'))
    on conflict do nothing;
  end if;
  return null;
end $$;

create trigger calls_kpi_dirty after insert or update or delete on calls
  for each row execute function kpi_mark_call_bins();

-- Calls stored before this migration: every bin is dirty once.
insert into kpi_dirty_bins (org_id, bin)
select distinct org_id, date_bin('15 minutes', ringing_at, timestamptz '2000-01-01 00:00:00+00') from calls where ringing_at is not null
on conflict do nothing;
