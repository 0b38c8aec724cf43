-- The 承办单位 table credits 派单 and 退单 to the departments the ticket's transitions name (docs/kpi.md,
-- "Departments"), not to the department that holds the ticket now: after a 退单 and a 改派 the return stays with
-- the department that returned it. The ticket facts keep those departments; the day sums keep, per department,
-- the tickets handed to it and returned by it beside the ticket-level sums (which stay under the current department,
-- so category and 工号 rows are unchanged).
alter table kpi_ticket_facts
  add column dispatched_to text[] not null default '{}',   -- departments the ticket was handed to (派单, 改派, 驳回退单 …)
  add column returned_by   text[] not null default '{}';   -- departments that returned it (退单)

alter table kpi_ticket_day_rollup
  add column dept_dispatched integer not null default 0,     -- tickets handed to this department
  add column dept_returned   integer not null default 0;     -- tickets this department returned

-- every ticket's facts (and so its days) are rebuilt once with the departments that acted
insert into kpi_dirty_tickets (ticket_id, org_id) select id, org_id from tickets on conflict do nothing;
