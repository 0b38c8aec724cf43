-- 联系记录: contacts with the caller logged on a ticket (a call-back, a text, a visit), reached or not.
-- The first one that reached the caller meets the ticket's first-contact limit when it was promised
-- after the call (2 h / 24 h, 1 working day …; shared/tickets/first-contact.ts).
create table if not exists ticket_contacts (
  id          bigserial primary key,
  org_id      uuid not null references orgs(id),
  ticket_id   uuid not null references tickets(id),
  channel     text not null check (channel in ('phone', 'sms', 'visit')),
  reached     boolean not null,
  note        text,
  actor_id    uuid,
  actor_name  text not null,
  at          timestamptz not null
);
create index if not exists ticket_contacts_ticket_idx on ticket_contacts (ticket_id, id);
