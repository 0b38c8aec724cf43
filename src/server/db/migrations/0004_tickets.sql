-- Tickets (工单): departments (承办单位), tickets with readable numbers, every workflow transition,
-- SLA timers on the working-day calendar, the organisation's calendar overrides, and notifications.

create table departments (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references orgs(id),
  name        text not null check (length(trim(name)) > 0),
  active      boolean not null default true,
  created_at  timestamptz not null default now(),
  unique (org_id, name)
);

-- Department staff (role department) belong to one department and see only its tickets.
alter table users add column department_id uuid references departments(id);
create index users_department_idx on users (department_id) where department_id is not null;

-- One row per organisation and local day; locked FOR UPDATE to hand out 20261123-0001, -0002, …
create table ticket_counters (
  org_id  uuid not null references orgs(id),
  day     text not null check (day ~ '^\d{8}$'),
  last    integer not null default 0,
  primary key (org_id, day)
);

create table tickets (
  id              uuid primary key default gen_random_uuid(),
  org_id          uuid not null references orgs(id),
  number          text not null,
  channel         text not null default 'phone' check (channel in ('phone', 'web', 'app', 'wechat', 'sms', 'email', 'letter', 'visit', 'other')),
  caller_name     text,
  caller_phone    text,
  category        text not null,
  sub_category    text,
  priority        text not null,
  title           text not null,
  description     text not null default '',
  address         text,
  fields          jsonb not null default '{}'::jsonb,   -- the pack's other ticket fields, by field id
  department_id   uuid references departments(id),
  status          text not null,
  resume_to       text,                                  -- while suspended: the state resume returns to
  extension       text not null default 'none' check (extension in ('none', 'requested', 'approved', 'rejected')),
  extension_request jsonb,                               -- { days?, until?, reason } of the last request
  supervised      boolean not null default false,        -- 督办
  complained      boolean not null default false,
  satisfaction    text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  tags            text[] not null default '{}',
  call_ids        text[] not null default '{}',
  merged_into     uuid references tickets(id),
  created_by      uuid references users(id),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  closed_at       timestamptz,
  unique (org_id, number)
);
create index tickets_org_created_idx on tickets (org_id, created_at desc);
create index tickets_org_status_idx on tickets (org_id, status);
create index tickets_org_department_idx on tickets (org_id, department_id);

create table ticket_transitions (
  id          bigserial primary key,
  org_id      uuid not null references orgs(id),
  ticket_id   uuid not null references tickets(id),
  action      text not null,
  from_state  text not null,
  to_state    text not null,
  reason      text,
  details     jsonb not null default '{}'::jsonb,
  actor_id    uuid,
  actor_name  text not null,
  at          timestamptz not null default now()
);
create index ticket_transitions_ticket_idx on ticket_transitions (ticket_id, id);

create table ticket_timers (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references orgs(id),
  ticket_id    uuid not null references tickets(id),
  kind         text not null check (kind in ('first_contact', 'dispatch', 'department_sign_in', 'reply', 'resolution', 'callback')),
  duration     text not null,
  started_at   timestamptz not null,
  due_at       timestamptz not null,
  warn_at      timestamptz,
  paused_at    timestamptz,
  paused_ms    bigint not null default 0,             -- wall time spent paused, in total
  status       text not null default 'running' check (status in ('running', 'paused', 'met', 'breached', 'cancelled')),
  warned_at    timestamptz,
  breached_at  timestamptz,
  met_at       timestamptz,
  ended_at     timestamptz,
  created_at   timestamptz not null default now(),
  seq          bigserial not null              -- creation order (created_at ties under a fixed clock)
);
create index ticket_timers_ticket_idx on ticket_timers (ticket_id);
create index ticket_timers_open_idx on ticket_timers (org_id, due_at) where status in ('running', 'paused');
-- at most one open timer of a kind per ticket
create unique index ticket_timers_one_open_idx on ticket_timers (ticket_id, kind) where status in ('running', 'paused');

create table sla_calendars (
  org_id          uuid primary key references orgs(id),
  timezone        text,
  business_hours  jsonb,
  holidays        jsonb not null default '[]'::jsonb,
  workdays        jsonb not null default '[]'::jsonb,
  warn_fraction   double precision not null default 0.8 check (warn_fraction > 0 and warn_fraction < 1),
  updated_by      uuid references users(id),
  updated_at      timestamptz not null default now()
);

create table notifications (
  id          bigserial primary key,
  org_id      uuid not null references orgs(id),
  user_id     uuid references users(id),
  role        text,
  kind        text not null,
  payload     jsonb not null default '{}'::jsonb,
  created_at  timestamptz not null default now(),
  read_at     timestamptz,
  check (user_id is not null or role is not null)
);
create index notifications_user_idx on notifications (org_id, user_id, id desc);
create index notifications_role_idx on notifications (org_id, role, id desc);
