-- 到达现场 (95598): a repair ticket's arrival limit (城区 45 分钟 / 农村 90 分钟 / 特殊边远地区 2 小时, the pack's
-- commitments with measure: arrival), counted from the ticket's acceptance, met when arrival is recorded.
create table if not exists ticket_arrivals (
  ticket_id      uuid primary key references tickets(id),
  org_id         uuid not null references orgs(id),
  commitment_id  text not null,
  area           text,
  within         text not null,
  started_at     timestamptz not null,
  due_at         timestamptz not null,
  arrived_at     timestamptz,
  arrived_by     text,
  breached_at    timestamptz
);
create index if not exists ticket_arrivals_open_idx on ticket_arrivals (org_id, due_at) where arrived_at is null;
