-- What the retention sweep pruned stays closed (docs/calls.md, "Retention and late events").
--
-- A call whose raw CTI events were deleted is marked: a late event of that call can no longer be
-- folded with the call's other events, so the intake refuses it (CTI_CALL_ARCHIVED) and the call's
-- record, and every report built on it, stays as it was.
alter table calls add column events_pruned_at timestamptz;

-- Marking a call changes no figure: the reports' marker trigger (0011_reports_rollup.sql) skips an
-- update that changes nothing else, so a sweep does not make the rollups rebuild every pruned bin.
create or replace function kpi_mark_call_bins() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.events_pruned_at is distinct from old.events_pruned_at then
    if (to_jsonb(new) - 'events_pruned_at') = (to_jsonb(old) - 'events_pruned_at') then
      return null;
    end if;
  end if;
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
-- Calls pruned before this column existed: ended, and none of their call events is left.
update calls c set events_pruned_at = now()
where c.ended_at is not null
  and not exists (select 1 from cti_events e where e.connection_id = c.connection_id and e.call_key = c.external_id and e.type <> 'agent.state');

-- How far back an organisation's agent state facts were pruned: the agents' state log before this
-- instant is final. A late fact from before it is not derived again over facts that are gone.
create table retention_horizons (
  org_id              uuid primary key references orgs(id),
  agent_facts_before  timestamptz not null
);
