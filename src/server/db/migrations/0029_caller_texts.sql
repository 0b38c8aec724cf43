-- 给来电人的短信: texts to the caller about their ticket (受理, 进展, 办结) from the pack's callerTexts, sent through
-- the SMS gateway by the ticket.text job. One row per text, written in the transaction of the ticket change that
-- causes it; a text to a caller who declined texts is recorded as skipped and not sent.
alter table tickets add column if not exists texts_opt_out boolean not null default false;

create table if not exists caller_texts (
  id           bigserial primary key,
  org_id       uuid not null references orgs(id),
  ticket_id    uuid not null references tickets(id),
  kind         text not null check (kind in ('acceptance', 'progress', 'reply')),
  to_phone     text not null,
  text         text not null,
  status       text not null check (status in ('queued', 'sent', 'failed', 'skipped')),
  skip_reason  text check (skip_reason in ('opted_out', 'no_mobile', 'gateway_off')),
  attempts     int not null default 0,
  last_error   text,
  created_at   timestamptz not null,
  sent_at      timestamptz,
  updated_at   timestamptz not null
);
create index if not exists caller_texts_ticket_idx on caller_texts (ticket_id, id);

-- 退订: numbers that declined texts from this hotline, whatever the ticket (a reply TD, a request on the phone).
create table if not exists caller_text_opt_outs (
  org_id      uuid not null references orgs(id),
  phone       text not null,
  source      text not null,
  created_at  timestamptz not null,
  primary key (org_id, phone)
);
