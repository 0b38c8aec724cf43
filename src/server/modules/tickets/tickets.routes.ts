import { z } from 'zod';
import { roles } from '../../../shared/roles.js';
import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { langQuery, languageOf } from '../exports/exports.js';
import { exportTickets } from '../exports/tickets.export.js';
import * as calendar from './calendar.service.js';
import * as departments from './departments.service.js';
import * as filters from './filters.service.js';
import { departmentStats } from './stats.service.js';
import {
  actionBody,
  actionParams,
  calendarSchema,
  coverageSchema,
  createDepartmentBody,
  createSavedFilterBody,
  createTicketBody,
  departmentParam,
  departmentSchema,
  departmentStatsQuery,
  departmentStatsSchema,
  idParam,
  listTicketsQuery,
  membersBody,
  monthParam,
  notificationParam,
  notificationSchema,
  putCalendarBody,
  savedFilterParam,
  savedFilterSchema,
  ticketDetailSchema,
  updateTicketBody,
} from './tickets.schema.js';
import { departmentListSchema, notificationListSchema, savedFilterListSchema, ticketListSchema } from './lists.schema.js';
import { createTicket, getTicket, listTickets, updateTicket } from './tickets.service.js';
import { act } from './tickets.workflow.service.js';

/** 话务员 and above: take tickets and change their fields. */
const hotline = ['admin', 'manager', 'lead', 'agent'] as const;
const calendarEditors = ['admin', 'manager'] as const;
const tags = ['tickets'];

export async function ticketsRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/tickets',
    { config: { access: hotline }, schema: { tags, summary: 'Take a ticket (受理): category, priority and required fields are checked against the active standard pack', body: createTicketBody, response: { 201: ticketDetailSchema } } },
    async (request, reply) => reply.status(201).send(await createTicket(ctxOf(deps, request), request.body)),
  );

  app.get(
    '/api/tickets',
    {
      config: { access: roles },
      schema: { tags, summary: 'Tickets, newest first; department staff see their department’s only', querystring: listTicketsQuery, response: { 200: ticketListSchema } },
    },
    async (request) => listTickets(ctxOf(deps, request), request.query),
  );

  app.get(
    '/api/tickets.xlsx',
    {
      config: { access: roles, permission: 'export' },
      schema: {
        tags,
        summary: 'The same list as an Excel file, streamed; bulk export is a permission of its own (admin and manager unless the organisation grants it to others, PUT /api/permissions/export) and is audited',
        description: "Times in the organisation's time zone (its calendar's), labels in `lang`, else Accept-Language. Up to 100,000 rows: above that 422 EXPORT_TOO_LARGE says how many rows match (no silent cut).",
        querystring: listTicketsQuery.extend({ lang: langQuery }),
      },
    },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      return exportTickets(ctxOf(deps, request), q, languageOf(lang, request.headers), reply);
    },
  );

  app.get(
    '/api/tickets/department-stats',
    {
      config: { access: ['admin', 'manager', 'lead', 'inspector'] },
      schema: {
        tags,
        summary: 'Per department: 催办, 改派, 收回, 退单 with the hotline’s review (同意/驳回) and co-handling parts (协办), days in the organisation’s time zone',
        querystring: departmentStatsQuery,
        response: { 200: departmentStatsSchema },
      },
    },
    async (request) => departmentStats(ctxOf(deps, request), request.query),
  );

  // ---------------------------------------------------------------- saved filters (before /api/tickets/:id)
  app.get(
    '/api/tickets/filters',
    { config: { access: roles }, schema: { tags, summary: 'My saved filters of the tickets list', response: { 200: savedFilterListSchema } } },
    async (request) => ({ items: await filters.listFilters(ctxOf(deps, request)) }),
  );

  app.post(
    '/api/tickets/filters',
    {
      config: { access: roles },
      schema: {
        tags,
        summary: 'Save a filter: a name and the list’s query string (checked like the list’s own); 409 TICKET_FILTER_EXISTS for a name I already use',
        body: createSavedFilterBody,
        response: { 201: savedFilterSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await filters.createFilter(ctxOf(deps, request), request.body)),
  );

  app.delete(
    '/api/tickets/filters/:id',
    { config: { access: roles }, schema: { tags, summary: 'Delete one of my saved filters', params: savedFilterParam } },
    async (request, reply) => {
      await filters.deleteFilter(ctxOf(deps, request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/tickets/:id',
    { config: { access: roles }, schema: { tags, summary: 'One ticket with its transitions, SLA timers and the actions I can take', params: idParam, response: { 200: ticketDetailSchema } } },
    async (request) => getTicket(ctxOf(deps, request), request.params.id),
  );

  app.patch(
    '/api/tickets/:id',
    { config: { access: hotline }, schema: { tags, summary: 'Change a ticket’s fields (classification is checked against the pack again)', params: idParam, body: updateTicketBody, response: { 200: ticketDetailSchema } } },
    async (request) => updateTicket(ctxOf(deps, request), request.params.id, request.body),
  );

  app.post(
    '/api/tickets/:id/actions/:action',
    {
      config: { access: roles },
      schema: {
        tags,
        summary: 'Take a workflow action (dispatch, sign, return, start, reply, approve_reply, …; see docs/tickets.md)',
        description: 'Not allowed from the current state: 409 TICKET_BAD_TRANSITION; not for my role: 403 TICKET_FORBIDDEN_ACTION; reason missing: 422 TICKET_REASON_REQUIRED.',
        params: actionParams,
        body: actionBody,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => act(ctxOf(deps, request), request.params.id, request.params.action, request.body),
  );

  // ---------------------------------------------------------------- departments
  app.get(
    '/api/departments',
    { config: { access: roles }, schema: { tags: ['departments'], summary: 'Departments (承办单位) and their staff', response: { 200: departmentListSchema } } },
    async (request) => ({ items: await departments.listDepartments(ctxOf(deps, request)) }),
  );

  app.post(
    '/api/departments',
    { config: { access: ['admin'] }, schema: { tags: ['departments'], summary: 'Create a department', body: createDepartmentBody, response: { 201: departmentSchema } } },
    async (request, reply) => reply.status(201).send(await departments.createDepartment(ctxOf(deps, request), request.body)),
  );

  app.put(
    '/api/departments/:id/members',
    { config: { access: ['admin'] }, schema: { tags: ['departments'], summary: 'Replace the staff of a department (users with the department role)', params: departmentParam, body: membersBody, response: { 200: departmentSchema } } },
    async (request) => departments.setMembers(ctxOf(deps, request), request.params.id, request.body.userIds),
  );

  // ---------------------------------------------------------------- SLA calendar, notifications
  app.get(
    '/api/sla/calendar',
    { config: { access: calendarEditors }, schema: { tags: ['sla'], summary: 'My organisation’s working-day calendar (overrides of the built-in holidays)', response: { 200: calendarSchema } } },
    async (request) => calendar.getCalendar(ctxOf(deps, request)),
  );

  app.put(
    '/api/sla/calendar',
    { config: { access: calendarEditors }, schema: { tags: ['sla'], summary: 'Replace the calendar; 422 CALENDAR_INVALID lists every problem', body: putCalendarBody, response: { 200: calendarSchema } } },
    async (request) => calendar.putCalendar(ctxOf(deps, request), request.body),
  );

  app.get(
    '/api/sla/coverage',
    {
      config: { access: roles },
      schema: {
        tags: ['sla'],
        summary: 'The calendar’s time zone and business hours, and whether this year and the next have holiday data (fallback: Monday–Friday until overrides are added)',
        response: { 200: coverageSchema },
      },
    },
    async (request) => calendar.coverage(ctxOf(deps, request)),
  );

  app.get(
    '/api/sla/calendar/:month',
    {
      config: { access: roles },
      schema: {
        tags: ['sla'],
        summary: 'A month (YYYY-MM) of the calendar: each day working or not and why; warnings for years without holiday data',
        params: monthParam,
        response: { 200: z.object({ month: z.string(), timezone: z.string(), year: z.number(), coverage: z.string(), days: z.array(z.unknown()), workingDays: z.number(), warnings: z.array(z.string()) }) },
      },
    },
    async (request) => calendar.monthView(ctxOf(deps, request), request.params.month),
  );

  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['notifications'], summary: 'My notifications and my role’s, newest first', querystring: z.object({ unread: z.enum(['true', 'false']).optional() }), response: { 200: notificationListSchema } },
    },
    async (request) => ({ items: await calendar.listNotifications(ctxOf(deps, request), request.query.unread === 'true') }),
  );

  app.post(
    '/api/notifications/:id/read',
    { config: { access: 'authenticated' }, schema: { tags: ['notifications'], summary: 'Mark a notification read', params: notificationParam, response: { 200: notificationSchema } } },
    async (request) => calendar.readNotification(ctxOf(deps, request), request.params.id),
  );
}
