-- Reports (docs/kpi.md): the answer-time thresholds T1 and T2 of an organisation's service level.
-- No row means the defaults, 15 s and 20 s.
create table report_settings (
  org_id      uuid primary key references orgs(id),
  t1_sec      integer not null default 15 check (t1_sec between 5 and 600),
  t2_sec      integer not null default 20 check (t2_sec between 5 and 600),
  updated_by  uuid references users(id),
  updated_at  timestamptz not null default now()
);

-- Callback tasks are reported by the day they were opened.
create index callback_tasks_org_created_idx on callback_tasks (org_id, created_at);
