-- The rollups' dirty markers become an append-only log (no unique key). With a unique key, every
-- CTI batch that touched a call of the current 15-minute bin waited, in its INSERT … ON CONFLICT,
-- for the commit of the batch before it that marked the same bin: live traffic was serialised on
-- one index entry. And a marker that already existed was not written again, so a report rebuilding
-- the bin at the same moment could delete it while a change of that bin was still uncommitted, and
-- the change was never rolled up. Now every change writes its own marker in its own transaction; a
-- report deletes only the markers it can see (committed ones), so a change still in flight keeps its
-- marker for the next report. Readers already take the distinct bins of what they delete.
alter table kpi_dirty_bins drop constraint if exists kpi_dirty_bins_pkey;
create index if not exists kpi_dirty_bins_org_idx on kpi_dirty_bins (org_id);
alter table kpi_agent_dirty_bins drop constraint if exists kpi_agent_dirty_bins_pkey;
create index if not exists kpi_agent_dirty_bins_org_idx on kpi_agent_dirty_bins (org_id);
alter table kpi_dirty_tickets drop constraint if exists kpi_dirty_tickets_pkey;
create index if not exists kpi_dirty_tickets_org_idx on kpi_dirty_tickets (org_id);
alter table kpi_qa_dirty_bins drop constraint if exists kpi_qa_dirty_bins_pkey;
create index if not exists kpi_qa_dirty_bins_org_idx on kpi_qa_dirty_bins (org_id);
