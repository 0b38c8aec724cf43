-- The wallboard's colour thresholds per organisation (src/shared/kpi/wallboard.ts); defaults apply
-- until an organisation saves its own.
create table wallboard_settings (
  org_id      uuid primary key references orgs(id),
  thresholds  jsonb not null,
  updated_by  uuid references users(id),
  updated_at  timestamptz not null
);
