import { z } from 'zod';
import { satisfactionValues, workflowTimerKinds } from '../../../shared/tickets/workflow.js';

export const channels = ['phone', 'web', 'app', 'wechat', 'sms', 'email', 'letter', 'visit', 'other'] as const;
export const satisfactions = satisfactionValues;
/** The kinds of time limit, in the order a ticket goes through them (one list, in shared/tickets/workflow.ts). */
export const timerKinds = workflowTimerKinds;

const uuid = (what: string) => z.uuid({ message: `expected ${what} id` });
const shortText = (max: number) => z.string().trim().max(max);
const fieldValues = z.record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/), z.union([z.string().max(2000), z.number(), z.boolean()]));

export const idParam = z.object({ id: uuid('a ticket') });

export const createTicketBody = z.object({
  channel: z.enum(channels).default('phone'),
  callerName: shortText(100).optional(),
  callerPhone: z.string().trim().regex(/^\+?[0-9][0-9 -]{2,30}$/, { message: 'callerPhone: digits, spaces and dashes' }).optional(),
  category: z.string().min(1).max(64),
  subCategory: z.string().min(1).max(64).optional(),
  priority: z.string().min(1).max(64).optional().describe('default: the (sub-)category’s defaultPriority'),
  title: shortText(200).optional().describe('default: the start of the description'),
  description: shortText(10_000).default(''),
  address: shortText(500).optional(),
  fields: fieldValues.default({}).describe('other ticket fields of the standard pack, by field id'),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  callIds: z.array(z.string().min(1).max(100)).max(50).default([]),
  complained: z.boolean().default(false),
  textsOptOut: z.boolean().optional().describe('the caller declines texts (SMS) about this ticket (acceptance, progress, reply); default false'),
});
export type CreateTicketInput = z.infer<typeof createTicketBody>;

export const updateTicketBody = z
  .object({
    callerName: shortText(100).nullable().optional(),
    callerPhone: z.string().trim().regex(/^\+?[0-9][0-9 -]{2,30}$/).nullable().optional(),
    category: z.string().min(1).max(64).optional(),
    subCategory: z.string().min(1).max(64).nullable().optional(),
    priority: z.string().min(1).max(64).optional(),
    title: shortText(200).min(1).optional(),
    description: shortText(10_000).optional(),
    address: shortText(500).nullable().optional(),
    fields: fieldValues.optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
    callIds: z.array(z.string().min(1).max(100)).max(50).optional(),
    complained: z.boolean().optional(),
    textsOptOut: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional();

export const listTicketsQuery = z.object({
  status: z.string().max(300).optional().describe('one state or several, comma-separated'),
  category: z.string().max(64).optional(),
  priority: z.string().max(64).optional(),
  departmentId: uuid('a department').optional(),
  mine: flag.describe('tickets I created'),
  overdue: flag.describe('a time limit has passed and is not met yet'),
  dueSoon: flag.describe('a running time limit is past its warning point'),
  supervised: flag,
  q: z.string().trim().max(100).optional().describe('number, title, description or phone contains'),
  sort: z.enum(['newest', 'due']).default('newest').describe('newest first, or the most urgent first (longest overdue, then nearest due)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const actionParams = z.object({ id: uuid('a ticket'), action: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'action: lowercase letters, digits and _' }) });

export const actionBody = z.object({
  reason: z.string().trim().max(2000).optional(),
  departmentId: uuid('a department')
    .optional()
    .describe('dispatch, reopen_redispatch, reassign, accept_return: the (lead) department (承办单位 / 主办单位); urge: the department reminded (default the lead)'),
  coDepartmentIds: z.array(uuid('a department')).max(10).optional().describe('dispatch: co-handling departments (协办单位), each with its own part and time limits'),
  extensionDays: z.number().int().min(1).max(365).optional().describe('request_extension / approve_extension: working days added to the current due'),
  until: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('request_extension / approve_extension: the new due (a date means closing time that day)'),
  satisfaction: z.enum(satisfactions).optional().describe('archive from callback, reopen: the callback result (回访满意度)'),
  departmentSatisfaction: z
    .array(z.object({ departmentId: uuid('a department'), satisfaction: z.enum(satisfactions) }))
    .max(11)
    .optional()
    .describe('actions that ask for satisfaction: the caller’s 评价 of each department that handled the ticket (lead or co-handling), where given'),
  intoTicketId: uuid('a ticket').optional().describe('merge: the ticket this one duplicates'),
});
export type ActionInput = z.infer<typeof actionBody>;

export const timerSchema = z.object({
  id: z.string(),
  kind: z.enum(timerKinds),
  partId: z.string().nullable().describe('a co-handling department’s part (协办); null for the ticket’s and the lead’s'),
  duration: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
  warnAt: z.string().nullable(),
  status: z.enum(['running', 'paused', 'met', 'breached', 'cancelled']),
  pausedAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  metAt: z.string().nullable(),
});
export type TimerDto = z.infer<typeof timerSchema>;

export const transitionSchema = z.object({
  id: z.string(),
  action: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  details: z.unknown(),
  actor: z.string().describe('login name, or the worker that acted (sla-worker)'),
  actorName: z.string().nullable().describe('display name of the person who acted; null when the system did (time limits, reminders)'),
  at: z.string(),
});

export const ticketSchema = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.string(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  category: z.string(),
  subCategory: z.string().nullable(),
  priority: z.string(),
  title: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  status: z.string(),
  resumeTo: z.string().nullable(),
  extension: z.string(),
  extensionRequest: z.unknown(),
  supervised: z.boolean(),
  complained: z.boolean(),
  satisfaction: z.string().nullable(),
  tags: z.array(z.string()),
  callIds: z.array(z.string()),
  mergedInto: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  nextDueAt: z.string().nullable().describe('the earliest due of the running time limits'),
  overdue: z.boolean(),
  overdueSince: z.string().nullable().describe('the earliest due among the limits passed and not met'),
  updateEvery: z.string().nullable().describe('进展通报: the reminder period while reminders run'),
  nextUpdateAt: z.string().nullable(),
  textsOptOut: z.boolean().describe('the caller declined texts about this ticket (GET /api/tickets/:id/texts)'),
});
export type TicketDto = z.infer<typeof ticketSchema>;

export const ticketDetailSchema = ticketSchema.extend({
  created: z
    .object({ state: z.string(), actor: z.string().nullable(), actorName: z.string().nullable().describe('null when the system took it (CTI, import)'), at: z.string() })
    .describe('受理: the first entry of the history, before the transitions'),
  linkedCalls: z
    .array(z.object({ id: z.string(), ringingAt: z.string().nullable() }))
    .describe('the calls among callIds, in their order, with their ringing time, for links to /calls/:id'),
  transitions: z.array(transitionSchema),
  timers: z.array(timerSchema),
  actions: z.array(
    z.object({
      action: z.string(),
      labels: z.record(z.string(), z.string()),
      to: z.string(),
      requiresReason: z.boolean(),
      requiresSatisfaction: z.boolean().describe('the callback result must be given (归档 after 回访)'),
      asksSatisfaction: z.boolean().describe('the callback result (and each department’s 评价) may be given'),
      department: z.enum(['assign', 'reassign']).nullable().describe('a department must be chosen (reassign: another than the current or returning one)'),
      suggestedDepartmentId: z.string().nullable().describe('the dispatch catalogue’s department for this ticket (派单目录), to pre-fill'),
      coDepartments: z.boolean().describe('co-handling departments (协办) may be named'),
      asksExtension: z.boolean().describe('延期申请: working days or a date'),
      notifiesDepartment: z.boolean().describe('催办: the department’s staff are told (departmentId: the lead by default, or a co-handler at work)'),
    }),
  ),
  parts: z
    .array(
      z.object({
        id: z.string().nullable().describe('null for the lead (its part is the ticket itself)'),
        role: z.enum(['lead', 'co']),
        departmentId: z.string(),
        departmentName: z.string(),
        status: z.string().describe('lead: the ticket’s state; co: dispatched, signed, replied, lapsed, cancelled'),
        dispatchedAt: z.string().nullable(),
        signedAt: z.string().nullable(),
        repliedAt: z.string().nullable(),
        reply: z.string().nullable(),
        satisfaction: z.string().nullable(),
        timers: z.array(timerSchema),
        mine: z.boolean().describe('the caller’s own department'),
      }),
    )
    .describe('主办/协办: each department’s part, the lead first'),
  returnedBy: z.object({ departmentId: z.string(), departmentName: z.string().nullable(), reason: z.string().nullable() }).nullable().describe('while 退单 waits for review: who returned it and why'),
});
export type TicketDetailDto = z.infer<typeof ticketDetailSchema>;

// ---------------------------------------------------------------- departments

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  members: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })),
});
export type DepartmentDto = z.infer<typeof departmentSchema>;
export const createDepartmentBody = z.object({ name: z.string().trim().min(1).max(100) });
export const membersBody = z.object({ userIds: z.array(uuid('a user')).max(500) });
export const departmentParam = z.object({ id: uuid('a department') });

// ---------------------------------------------------------------- calendar, notifications

const businessWindowsSchema = z.array(z.object({ start: z.string(), end: z.string() })).describe('the windows of a working day in time order, e.g. 08:30–12:00 and 13:30–17:00 (a single { start, end } is accepted on PUT)');

export const calendarSchema = z.object({
  timezone: z.string(),
  businessHours: businessWindowsSchema,
  holidays: z.array(z.unknown()),
  workdays: z.array(z.unknown()),
  warnFraction: z.number(),
  updatedAt: z.string().nullable(),
  replanned: z.number().optional().describe('PUT: how many running time limits got a new due'),
});

export const coverageSchema = z.object({
  timezone: z.string(),
  businessHours: businessWindowsSchema,
  today: z.string().describe('the date in the organisation’s time zone'),
  years: z.array(z.object({ year: z.number(), coverage: z.enum(['builtin', 'override', 'fallback']), warning: z.string().nullable() })).describe('this year and the next'),
});
export const putCalendarBody = z
  .object({ warnFraction: z.number().gt(0).lt(1).optional().describe('warn at this share of a time limit; default 0.8') })
  .catchall(z.unknown())
  .describe('the calendar file as JSON: timezone, businessHours, holidays, workdays (see docs/calendar-and-sla.md), plus warnFraction');
export const monthParam = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month: YYYY-MM' }) });

// What a notice is about, by kind: the fields each writer stores (notifications.payload). Loose objects: a field a
// later build adds passes through to the web instead of being dropped.
const noticeBase = { id: z.string(), createdAt: z.string(), readAt: z.string().nullable() };
const noticeTicket = { ticketId: z.string(), number: z.string(), title: z.string() };
/** 时限预警 / 超时 (sla.service; an overdue 到达现场 from arrival.service carries no timer). */
const timeLimitNotice = z.object({
  ...noticeBase,
  kind: z.enum(['ticket.sla_warning', 'ticket.sla_breached']),
  payload: z.looseObject({
    ...noticeTicket,
    kind: z.string().describe('the time limit: first_contact, dispatch, reply, resolution, callback … or arrival'),
    duration: z.string().describe('the limit as the pack states it, e.g. 2wd'),
    dueAt: z.string().nullable(),
    timerId: z.string().optional(),
  }),
});
/** 进展通报 due (reminders.service). */
const updateDueNotice = z.object({
  ...noticeBase,
  kind: z.literal('ticket.update_due'),
  payload: z.looseObject({ ...noticeTicket, every: z.string().nullable().describe('how often the caller is told of progress, e.g. 3wd'), dueAt: z.string() }),
});
/** 骚扰/辱骂来电上报 (workbench.service reportCall): the caller's number masked. */
const reportedCallNotice = z.object({
  ...noticeBase,
  kind: z.literal('call.reported'),
  payload: z.looseObject({
    callId: z.string(),
    agentNo: z.string(),
    agentName: z.string().nullable(),
    kind: z.enum(['abusive', 'harassment', 'threat', 'other']),
    note: z.string().nullable(),
    caller: z.string().nullable(),
    at: z.string(),
  }),
});
/** A workflow action that notifies the department's staff (催办 ticket.urge, or a pack's own action: ticket.<action>). */
const departmentNotice = z.object({
  ...noticeBase,
  kind: z.templateLiteral(['ticket.', z.string()]),
  payload: z.looseObject({
    ...noticeTicket,
    action: z.string(),
    reason: z.string().nullable(),
    by: z.string().describe('who took the action'),
    departmentId: z.string(),
    department: z.string(),
  }),
});
export const notificationSchema = z.union([timeLimitNotice, updateDueNotice, reportedCallNotice, departmentNotice]);
export type NotificationDto = z.infer<typeof notificationSchema>;

/** The schema of a notice of this kind: a stored notice is read with it (a payload that does not fit is named by field). */
export function noticeSchemaOf(kind: string) {
  if (kind === 'ticket.sla_warning' || kind === 'ticket.sla_breached') return timeLimitNotice;
  if (kind === 'ticket.update_due') return updateDueNotice;
  if (kind === 'call.reported') return reportedCallNotice;
  return departmentNotice;
}
export const notificationParam = z.object({ id: z.string().regex(/^\d{1,18}$/, { message: 'id: a notification number' }) });

// ---------------------------------------------------------------- saved filters

export const savedFilterSchema = z.object({ id: z.string(), name: z.string(), query: z.string(), createdAt: z.string() });
export const createSavedFilterBody = z.object({
  name: z.string().trim().min(1).max(50),
  query: z.string().max(2000).describe('the tickets list query string, e.g. status=dispatched&overdue=true'),
});
export const savedFilterParam = z.object({ id: uuid('a saved filter') });

// ---------------------------------------------------------------- per-department workflow counts

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'a date: YYYY-MM-DD' });
export const departmentStatsQuery = z.object({
  from: day.optional().describe('first day, in the organisation’s time zone (default: the first of the month of `to`)'),
  to: day.optional().describe('last day, inclusive (default: today)'),
});
export const departmentStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  items: z.array(
    z.object({
      departmentId: z.string(),
      departmentName: z.string(),
      urged: z.number().describe('催办 addressed to it'),
      reassignedAway: z.number().describe('改派 away from it while it worked on the ticket'),
      recalled: z.number().describe('收回 from it'),
      returned: z.number().describe('its 退单'),
      returnsAccepted: z.number().describe('of its 退单, accepted and reassigned (同意退单并改派)'),
      returnsRefused: z.number().describe('of its 退单, refused and sent back to it (驳回退单)'),
      coHandled: z.number().describe('co-handling parts (协办) it was given'),
      coReplied: z.number().describe('co-handling replies it gave'),
    }),
  ),
});
export type DepartmentStatsDto = z.infer<typeof departmentStatsSchema>;
