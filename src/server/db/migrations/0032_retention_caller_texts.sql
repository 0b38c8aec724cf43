-- Texts to callers (caller_texts, 0029) hold the caller's number and what was texted: the retention sweep deletes
-- them after the organisation's caller_texts_days (docs/deploy.md, "Data retention"). A text still queued is never
-- deleted; the list of numbers that declined texts (caller_text_opt_outs) is a standing instruction, not a log,
-- and is not pruned by age.
alter table retention_settings add column if not exists caller_texts_days integer not null default 180
  check (caller_texts_days between 7 and 3650);

-- The sweep finds old settled texts by organisation and time.
create index if not exists caller_texts_org_created_idx on caller_texts (org_id, created_at) where status <> 'queued';
