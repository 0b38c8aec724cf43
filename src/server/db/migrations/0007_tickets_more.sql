-- Tickets, second part: re-planning running time limits, 进展通报 reminders, saved list filters.

-- Every re-plan of a timer (resume, extension, a changed classification or calendar) bumps `plan`; the
-- warning and breach jobs carry it in their dedupe keys, so a due that moves away and back gets a new job.
alter table ticket_timers add column plan integer not null default 0;
-- Business time spent suspended (bh/wd limits are moved by it on resume; a re-plan applies it again).
alter table ticket_timers add column paused_business_ms bigint not null default 0;
-- 延期 approved: the new due is a decision and stays when the classification or the calendar changes.
alter table ticket_timers add column extended_at timestamptz;

-- 进展通报 (the policy's updateEvery): while the ticket is being handled, a reminder every period.
-- `update_seq` numbers the periods; the reminder job of a period carries it and does nothing once it changed.
alter table tickets add column update_every text;
alter table tickets add column next_update_at timestamptz;
alter table tickets add column update_seq integer not null default 0;

-- A person's saved filters of the tickets list (name + the list's query string).
create table ticket_saved_filters (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references orgs(id),
  user_id     uuid not null references users(id),
  name        text not null check (length(trim(name)) > 0),
  query       text not null,
  created_at  timestamptz not null default now(),
  unique (user_id, name)
);
create index ticket_saved_filters_user_idx on ticket_saved_filters (org_id, user_id);
