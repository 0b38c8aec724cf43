-- Automated QA: every transcript, its latest result, and one row per finding.

create table qa_transcripts (
  id           uuid primary key default gen_random_uuid(),
  org_id       uuid not null references orgs(id),
  external_id  text not null,                 -- the transcript's own id (e.g. the PBX call id)
  agent_no     text not null,                 -- 工号
  agent_name   text,
  caller       text,
  started_at   timestamptz not null,
  transcript   jsonb not null,
  source       text not null default 'api' check (source in ('api', 'cti', 'import')),
  created_at   timestamptz not null default now(),
  unique (org_id, external_id)
);
create index qa_transcripts_org_started_idx on qa_transcripts (org_id, started_at desc);
create index qa_transcripts_agent_idx on qa_transcripts (org_id, agent_no, started_at desc);

create table qa_results (
  transcript_id     uuid primary key references qa_transcripts(id),
  org_id            uuid not null references orgs(id),
  score             integer not null,
  fatal             boolean not null,
  checks            text[] not null,         -- the checks violated, in spec order
  pack_version_id   uuid references standard_pack_versions(id),
  checked_at        timestamptz not null default now()
);
create index qa_results_org_idx on qa_results (org_id, checked_at desc);

create table qa_findings (
  id             bigserial primary key,
  org_id         uuid not null references orgs(id),
  transcript_id  uuid not null references qa_transcripts(id),
  check_id       text not null,
  segment        integer,
  at_ms          integer not null,
  evidence       text not null
);
create index qa_findings_transcript_idx on qa_findings (transcript_id);
create index qa_findings_org_check_idx on qa_findings (org_id, check_id);
