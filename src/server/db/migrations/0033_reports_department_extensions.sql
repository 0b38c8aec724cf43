-- The 承办单位 table credits an approved 延期 to the department that asked for it (docs/kpi.md, "Departments"), not
-- to the department that holds the ticket now: after a 改派 the extension stays with the department that asked.
-- The ticket facts keep those departments (reports.repo.ts ticketTransitionFlags: the request's
-- details.departmentId, or for requests recorded before it was written, the department the ticket was last handed to
-- before the request); the day sums keep, per department, the tickets whose extension it asked for and got, beside
-- the ticket-level sum (which stays under the current department, so category and 工号 rows are unchanged).
-- The history itself is not rewritten: old requests are read as they are.
alter table kpi_ticket_facts
  add column extended_by text[] not null default '{}';      -- departments whose extension request was approved

alter table kpi_ticket_day_rollup
  add column dept_extended integer not null default 0;      -- tickets this department asked to extend, approved

-- every ticket's facts (and so its days) are rebuilt once with the departments that asked
insert into kpi_dirty_tickets (ticket_id, org_id) select id, org_id from tickets on conflict do nothing;
