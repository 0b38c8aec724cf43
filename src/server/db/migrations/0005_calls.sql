-- Calls and CTI: connections from switches, every event received (the durable log the call records
-- are folded from), calls, agent states, queues (skill groups) and callback tasks (回拨).
-- Night mode's schedule and callback limit come from the standard pack (nightMode).

-- One connection per switch or integration. The token is shown once; only its SHA-256 is kept.
create table cti_connections (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references orgs(id),
  name          text not null check (length(trim(name)) > 0),
  kind          text not null default 'events' check (kind in ('events', 'zammad')),
  token_hash    text not null unique,
  token_hint    text not null,                      -- last characters, to tell tokens apart in lists
  settings      jsonb not null default '{}'::jsonb, -- zammad: blocked callers, outbound caller-id rules
  created_by    uuid references users(id),
  created_at    timestamptz not null default now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  unique (org_id, name)
);

-- Every accepted event, committed before the switch gets its 2xx. (connection, event_id) makes a
-- resent event a no-op; a call's record is always the fold of its events in (seq, at) order.
create table cti_events (
  id             bigserial primary key,
  org_id         uuid not null references orgs(id),
  connection_id  uuid not null references cti_connections(id),
  event_id       text not null,
  call_key       text,                 -- the switch's call id (null for agent events without a call)
  type           text not null,
  seq            integer,
  at             timestamptz not null,
  body           jsonb not null,
  received_at    timestamptz not null default now(),
  unique (connection_id, event_id)
);
create index cti_events_call_idx on cti_events (connection_id, call_key, seq, at) where call_key is not null;
create index cti_events_org_received_idx on cti_events (org_id, received_at desc);

create table queues (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references orgs(id),
  code        text not null check (length(trim(code)) > 0),   -- the name the switch uses
  name        text not null,
  kind        text not null default 'day' check (kind in ('day', 'night', 'expert')),
  created_at  timestamptz not null default now(),
  unique (org_id, code)
);

create table queue_members (
  queue_id  uuid not null references queues(id) on delete cascade,
  user_id   uuid not null references users(id),
  org_id    uuid not null references orgs(id),
  primary key (queue_id, user_id)
);

create table calls (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references orgs(id),
  connection_id   uuid not null references cti_connections(id),
  external_id     text not null,
  direction       text not null default 'in' check (direction in ('in', 'out')),
  from_number     text,
  to_number       text,
  queue           text,
  agent_no        text,                 -- the agent who answered (工号)
  agent_user_id   uuid references users(id),
  status          text not null default 'ringing' check (status in ('ringing', 'answered', 'ended')),
  ringing_at      timestamptz,
  answered_at     timestamptz,
  ended_at        timestamptz,
  ended_by        text check (ended_by in ('customer', 'agent', 'system')),
  cause           text,
  rings           integer,
  wait_ms         integer,              -- ringing/queued until answer or abandon
  talk_ms         integer,              -- answer until end, holds excluded
  hold_ms         integer not null default 0,
  hold_count      integer not null default 0,
  wrapup_ms       integer,              -- after-call work, from the agent's 话后 state
  abandoned       boolean not null default false,
  night           boolean not null default false,
  recording_url   text,
  segments        integer not null default 0,
  state           jsonb not null,       -- the folded call state (timeline, holds, transfers, last seq)
  qa_transcript_id uuid references qa_transcripts(id),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (connection_id, external_id)
);
create index calls_org_ringing_idx on calls (org_id, ringing_at desc);
create index calls_org_from_idx on calls (org_id, from_number, ringing_at desc);
create index calls_org_agent_idx on calls (org_id, agent_no, ringing_at desc);
create index calls_org_status_idx on calls (org_id, status) where status <> 'ended';

-- The current state of each agent, and every change with its duration.
create table agent_status (
  org_id     uuid not null references orgs(id),
  agent_no   text not null,
  user_id    uuid references users(id),
  state      text not null check (state in ('offline', 'available', 'on_call', 'wrap_up', 'break', 'busy', 'training')),
  reason     text,
  since      timestamptz not null,
  call_id    uuid references calls(id),
  source     text not null check (source in ('cti', 'workbench', 'system')),
  primary key (org_id, agent_no)
);

create table agent_state_log (
  id          bigserial primary key,
  org_id      uuid not null references orgs(id),
  agent_no    text not null,
  user_id     uuid references users(id),
  state       text not null,
  reason      text,
  call_id     uuid references calls(id),
  source      text not null,
  started_at  timestamptz not null,
  ended_at    timestamptz,
  duration_ms integer
);
create index agent_state_log_agent_idx on agent_state_log (org_id, agent_no, started_at desc);

-- Callback tasks (回拨): one open task per caller; more missed calls from the same number join it.
create table callback_tasks (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references orgs(id),
  caller      text not null,
  call_ids    uuid[] not null default '{}',
  reason      text not null check (reason in ('abandoned', 'night', 'unanswered')),
  status      text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  attempts    integer not null default 0,
  due_at      timestamptz not null,
  outcome     text check (outcome in ('reached', 'no_answer', 'wrong_number', 'not_needed')),
  note        text,
  assigned_to uuid references users(id),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  done_at     timestamptz,
  done_by     uuid references users(id)
);
create unique index callback_tasks_open_caller_idx on callback_tasks (org_id, caller) where status = 'open';
create index callback_tasks_org_status_idx on callback_tasks (org_id, status, due_at);
