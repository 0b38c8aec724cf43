-- Agent workbench (坐席工作台): calls registered by hand on lines without CTI, and the wrap-up
-- (话后整理) of each call.

-- A line without CTI gets one built-in 'manual' connection per organisation: the workbench records
-- the calls agents register by hand as that connection's events, so they take the same path as a
-- switch's (call record, agent state, screen pop, QA). Its token is random and never shown.
-- The check constraint was declared inline in 0005_calls.sql, so PostgreSQL named it
-- <table>_<column>_check (the same on PGlite).
alter table cti_connections drop constraint if exists cti_connections_kind_check;
alter table cti_connections add constraint cti_connections_kind_check check (kind in ('events', 'zammad', 'manual'));
create unique index cti_connections_one_manual_idx on cti_connections (org_id) where kind = 'manual';

-- One wrap-up per call, written once by the agent who took the call.
create table call_wrapups (
  call_id           uuid primary key references calls(id),
  org_id            uuid not null references orgs(id),
  agent_no          text not null,
  user_id           uuid references users(id),
  outcome           text not null check (outcome in ('ticket', 'resolved', 'no_ticket')),
  ticket_id         uuid references tickets(id),
  scenario_id       text,
  customer_type_id  text,
  summary           text not null,
  recap             jsonb not null default '[]'::jsonb,   -- the recap checklist items the agent ticked
  created_at        timestamptz not null default now(),
  check ((outcome = 'no_ticket') = (ticket_id is null))
);
create index call_wrapups_org_created_idx on call_wrapups (org_id, created_at desc);
create index call_wrapups_org_agent_idx on call_wrapups (org_id, agent_no, created_at desc);
create index call_wrapups_ticket_idx on call_wrapups (ticket_id) where ticket_id is not null;
