-- Ticket facts for reports (docs/kpi.md, "Rollups"): one row per ticket with what the ticket figures count —
-- finished, on time, dispatched, returned, extended, resolved on the call, the callback result — and the moment it
-- becomes overdue if nothing changes, so "overdue now" is a comparison with the clock at read. A change to a
-- ticket, its timers or its transitions marks the ticket dirty (triggers below); the reports module rebuilds dirty
-- tickets' rows from those tables before it reads.
create table kpi_ticket_facts (
  ticket_id       uuid primary key references tickets(id),
  org_id          uuid not null references orgs(id),
  created_at      timestamptz not null,
  department_id   uuid,
  category        text not null,
  agent_no        text not null,          -- the creator's 工号 ('' for none)
  merged          boolean not null,
  finished        boolean not null,
  on_time         boolean not null,
  overdue_at      timestamptz,            -- '-infinity': a limit was missed and its work is not done; null: never
  dispatched      boolean not null,
  returned        boolean not null,
  extended        boolean not null,
  satisfaction    text,
  closed_on_call  boolean not null
);
create index kpi_ticket_facts_org_created_idx on kpi_ticket_facts (org_id, created_at);

create table kpi_dirty_tickets (
  ticket_id  uuid primary key,
  org_id     uuid not null references orgs(id)
);

create function kpi_mark_ticket() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'tickets' then
    insert into kpi_dirty_tickets (ticket_id, org_id) values (new.id, new.org_id) on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into kpi_dirty_tickets (ticket_id, org_id) values (old.ticket_id, old.org_id) on conflict do nothing;
  else
    insert into kpi_dirty_tickets (ticket_id, org_id) values (new.ticket_id, new.org_id) on conflict do nothing;
  end if;
  return null;
end $$;

create trigger tickets_kpi_dirty after insert or update on tickets for each row execute function kpi_mark_ticket();
create trigger ticket_timers_kpi_dirty after insert or update or delete on ticket_timers for each row execute function kpi_mark_ticket();
create trigger ticket_transitions_kpi_dirty after insert on ticket_transitions for each row execute function kpi_mark_ticket();

insert into kpi_dirty_tickets (ticket_id, org_id) select id, org_id from tickets on conflict do nothing;
