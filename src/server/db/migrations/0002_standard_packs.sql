-- Standard packs (服务规范): each organisation's service standard as immutable versions, one active.

create table standard_pack_versions (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references orgs(id),
  version     integer not null,
  name        text not null,
  -- the validated pack, as the engine reads it
  content     jsonb not null,
  -- the YAML files it came from, so that an export gives back what was imported
  sources     jsonb not null default '[]'::jsonb,
  checksum    text not null,
  note        text,
  created_by  uuid references users(id),
  created_at  timestamptz not null default now(),
  unique (org_id, version)
);

create table standard_pack_active (
  org_id        uuid primary key references orgs(id),
  version_id    uuid not null references standard_pack_versions(id),
  activated_by  uuid references users(id),
  activated_at  timestamptz not null default now()
);

-- Versions are immutable: a change is a new version.
create function standard_pack_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'standard pack versions are immutable; save a new version instead' using errcode = 'insufficient_privilege';
end
$$;
create trigger standard_pack_versions_no_update before update on standard_pack_versions
  for each row execute function standard_pack_versions_immutable();
