-- Permissions an organisation grants to roles beyond what the role itself allows (设置 → 权限). The first is
-- bulk export of lists holding callers' personal data ('export'): admin and manager by default; an admin may
-- grant it to other roles. No row: the default. Every change is written to the audit log.
create table org_permissions (
  org_id      uuid not null references orgs(id),
  permission  text not null check (permission in ('export')),
  roles       text[] not null check (roles <@ array['admin','manager','lead','agent','inspector','department']::text[]),
  updated_by  uuid references users(id),
  updated_at  timestamptz not null default now(),
  primary key (org_id, permission)
);
