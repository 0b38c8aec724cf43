-- QA review and appeal (复核与申诉): a person's decision on each finding, findings a person
-- adds, the agent's appeals, and the call's effective score from the findings still standing.

-- Review state of every finding. Machine findings start as 'machine' (not yet reviewed);
-- a reviewer confirms or overturns them. Manual findings are added by a reviewer, confirmed.
alter table qa_findings
  add column source       text not null default 'machine' check (source in ('machine', 'manual')),
  add column status       text not null default 'machine' check (status in ('machine', 'confirmed', 'overturned')),
  add column reviewed_by  uuid references users(id),
  add column review_note  text,
  add column reviewed_at  timestamptz,
  -- when the finding was first reported (the appeal window runs from here); kept by a re-check
  add column created_at   timestamptz not null default now(),
  add column created_by   uuid references users(id),
  add constraint qa_findings_manual_reviewed check (source = 'machine' or (status <> 'machine' and created_by is not null)),
  add constraint qa_findings_reviewed_by check (status = 'machine' or reviewed_at is not null);

-- findings recorded before this migration were reported when their result was stored
update qa_findings f set created_at = r.checked_at from qa_results r where r.transcript_id = f.transcript_id;

create index qa_findings_awaiting_idx on qa_findings (transcript_id) where status = 'machine';

-- The machine score stays in score/fatal; the effective score counts only standing findings.
alter table qa_results
  add column effective_score integer,
  add column effective_fatal boolean,
  -- every finding of the call decided by a person (none left 'machine'), at least one finding
  add column reviewed        boolean not null default false,
  add column reviewed_at     timestamptz,
  add column reviewed_by     uuid references users(id);
update qa_results set effective_score = score, effective_fatal = fatal;
alter table qa_results alter column effective_score set not null, alter column effective_fatal set not null;

-- 申诉: one per finding, by the call's agent, decided by an inspector or a lead.
create table qa_appeals (
  id             uuid primary key default gen_random_uuid(),
  org_id         uuid not null references orgs(id),
  transcript_id  uuid not null references qa_transcripts(id),
  finding_id     bigint not null unique references qa_findings(id) on delete cascade,
  appellant_id   uuid not null references users(id),
  reason         text not null,
  status         text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
  created_at     timestamptz not null,
  decided_by     uuid references users(id),
  decision_note  text,
  decided_at     timestamptz,
  check ((status = 'pending') = (decided_at is null))
);
create index qa_appeals_org_status_idx on qa_appeals (org_id, status, created_at desc);
create index qa_appeals_transcript_idx on qa_appeals (transcript_id);
