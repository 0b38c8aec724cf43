-- Foundation: organisations, users, sessions, login throttling, domain events,
-- the append-only audit log and the jobs table used by the worker role.

create table orgs (
  id          uuid primary key default gen_random_uuid(),
  slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text not null,
  created_at  timestamptz not null default now()
);

create table users (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references orgs(id),
  username       text not null unique check (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name   text not null,
  role           text not null check (role in ('admin','manager','lead','agent','inspector','department')),
  agent_no       text,                 -- 工号, the number an agent announces on every call
  password_hash  text not null,
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create index users_org_idx on users (org_id);
create unique index users_org_agent_no_idx on users (org_id, agent_no) where agent_no is not null;

-- The cookie carries a random token; only its SHA-256 is stored.
create table sessions (
  id            text primary key,
  org_id        uuid not null references orgs(id),
  user_id       uuid not null references users(id),
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  last_seen_at  timestamptz not null default now(),
  ip            text,
  user_agent    text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Failed logins, counted per username and per address to throttle guessing.
create table login_attempts (
  id         bigserial primary key,
  username   text not null,
  ip         text not null,
  success    boolean not null,
  at         timestamptz not null default now()
);
create index login_attempts_username_idx on login_attempts (username, at);
create index login_attempts_ip_idx on login_attempts (ip, at);

-- Domain events: written in the same transaction as the change they record.
create table domain_events (
  id              bigserial primary key,
  org_id          uuid not null references orgs(id),
  type            text not null,
  aggregate_type  text not null,
  aggregate_id    text not null,
  payload         jsonb not null default '{}'::jsonb,
  actor_id        uuid,
  occurred_at     timestamptz not null default now()
);
create index domain_events_org_idx on domain_events (org_id, id);
create index domain_events_aggregate_idx on domain_events (aggregate_type, aggregate_id);

-- Audit log: who did what, when, before/after. Append-only, enforced by the database.
create table audit_log (
  id           bigserial primary key,
  org_id       uuid not null references orgs(id),
  actor_id     uuid,
  actor_name   text not null,
  action       text not null,
  entity_type  text not null,
  entity_id    text not null,
  before       jsonb,
  after        jsonb,
  request_id   text,
  ip           text,
  at           timestamptz not null default now()
);
create index audit_log_org_idx on audit_log (org_id, id desc);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Background jobs: claimed with FOR UPDATE SKIP LOCKED so that each runs once,
-- whichever worker process takes it, and survives restarts.
create table jobs (
  id            bigserial primary key,
  org_id        uuid references orgs(id),
  name          text not null,
  payload       jsonb not null default '{}'::jsonb,
  dedupe_key    text unique,
  run_at        timestamptz not null default now(),
  status        text not null default 'queued' check (status in ('queued','running','done','failed')),
  attempts      integer not null default 0,
  max_attempts  integer not null default 5,
  locked_by     text,
  locked_at     timestamptz,
  last_error    text,
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create index jobs_due_idx on jobs (run_at) where status = 'queued';
