/**
 * Per department, the workflow counts a hotline reviews its departments by: how often they were 催办 (urged),
 * 改派 away from them or 收回, their 退单 and how the hotline decided them (同意 / 驳回), and their co-handling
 * parts (协办). Counted from the transitions' `aboutDepartmentId` (the department the step was about) in the
 * organisation's time zone, days inclusive.
 */
import { formatInstant, parseInstant } from '../../../shared/calendar/index.js';
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { departmentCounters } from '../../../shared/tickets/workflow.js';
import { orgCalendar } from './sla.service.js';
import { activePackOrNull } from './tickets.service.js';
import * as repo from './tickets.repo.js';
import type { DepartmentStatsDto } from './tickets.schema.js';

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export async function departmentStats(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }): Promise<DepartmentStatsDto> {
  const cal = await orgCalendar(ctx.db, ctx.orgId);
  const zone = cal.cal.timeZone;
  const today = formatInstant(ctx.now(), zone).slice(0, 10);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 8)}01`;
  if (from > to) fail('BAD_REQUEST', `from (${from}) is after to (${to})`);
  const [lo, hi] = [parseInstant(from, zone), parseInstant(nextDay(to), zone)];
  // which action adds to which count, as the active workflow declares it (built-in: urge, reassign, recall, return, …)
  const counted = departmentCounters(ticketWorkflow(await activePackOrNull(ctx.db, ctx.orgId)));
  const [raw, departments] = await Promise.all([repo.departmentWorkflowCounts(ctx.db, ctx.orgId, lo, hi, [...counted.keys()]), repo.listDepartments(ctx.db, ctx.orgId)]);
  const items = departments.map((d) => {
    const row = { departmentId: d.id, departmentName: d.name, urged: 0, reassignedAway: 0, recalled: 0, returned: 0, returnsAccepted: 0, returnsRefused: 0, coHandled: 0, coReplied: 0 };
    for (const r of raw.transitions) {
      const counter = counted.get(r.action);
      if (r.department_id === d.id && counter) row[counter] += r.n;
    }
    row.coHandled = raw.coParts.find((r) => r.department_id === d.id)?.n ?? 0;
    return row;
  });
  return { from, to, timezone: zone, items };
}
