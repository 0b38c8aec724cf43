-- 主办/协办: a ticket goes to one lead department (tickets.department_id) and may go to several co-handling
-- departments; each co-handler's part signs in and replies on its own clock (its own timers, part_id).
create table ticket_parts (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references orgs(id),
  ticket_id      uuid not null references tickets(id),
  department_id  uuid not null references departments(id),
  -- dispatched → signed → replied; lapsed: the lead replied while this part had run out of time; cancelled: 收回
  status         text not null default 'dispatched' check (status in ('dispatched', 'signed', 'replied', 'lapsed', 'cancelled')),
  dispatched_at  timestamptz not null,
  signed_at      timestamptz,
  replied_at     timestamptz,
  reply          text,
  ended_at       timestamptz,
  -- 评价: the caller's satisfaction with this department, when given at the callback
  satisfaction   text check (satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  seq            bigserial not null  -- the order the hotline named them in (dispatched_at ties)
);
-- one part per department and ticket at a time (a cancelled or lapsed one may be followed by a new one)
create unique index ticket_parts_one_idx on ticket_parts (ticket_id, department_id) where status in ('dispatched', 'signed', 'replied');
create index ticket_parts_department_idx on ticket_parts (org_id, department_id, ticket_id) where status <> 'cancelled';

-- a co-handler's sign-in and reply timers carry its part; the lead's (and the ticket's) have none
alter table ticket_timers add column part_id uuid references ticket_parts(id);
drop index ticket_timers_one_open_idx;
create unique index ticket_timers_one_open_idx on ticket_timers (ticket_id, kind, coalesce(part_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status in ('running', 'paused');

-- 评价 per department for the lead as well (the ticket's satisfaction is the callback's overall result)
alter table tickets add column department_satisfaction text check (department_satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied'));

-- counting 催办, 改派, 退单 and its review per department reads the transitions by action
create index ticket_transitions_action_idx on ticket_transitions (org_id, action, at);
