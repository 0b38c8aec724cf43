-- Retention: how long an organisation keeps the tables that grow with traffic (docs/deploy.md).
-- No row means the defaults (src/shared/retention.ts). A null audit_days keeps the audit log for ever.
create table retention_settings (
  org_id              uuid primary key references orgs(id),
  jobs_days           integer not null check (jobs_days between 1 and 3650),
  cti_events_days     integer not null check (cti_events_days between 7 and 3650),
  domain_events_days  integer not null check (domain_events_days between 2 and 3650),
  agent_facts_days    integer not null check (agent_facts_days between 7 and 3650),
  login_days          integer not null check (login_days between 1 and 3650),
  audit_days          integer check (audit_days between 365 and 36500),
  updated_by          uuid references users(id),
  updated_at          timestamptz not null default now()
);

-- The audit log stays append-only for everything but the retention sweep: a delete is allowed only in a
-- transaction that declared itself the sweep (set_config('rexian.retention', 'on', true)); updates never are.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('rexian.retention', true) = 'on' then
    return old;
  end if;
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end
$$;

-- The sweep finds old rows by time; these tables had no index that starts with it.
create index if not exists jobs_finished_idx on jobs (finished_at) where status in ('done', 'failed');
create index if not exists domain_events_occurred_idx on domain_events (org_id, occurred_at);
create index if not exists audit_log_org_at_idx on audit_log (org_id, at);
create index if not exists login_attempts_at_idx on login_attempts (at);
