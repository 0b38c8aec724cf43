import type { z } from 'zod';
import { auditListSchema } from '../modules/audit/audit.schema.js';
import { loginBody, meSchema } from '../modules/auth/auth.schema.js';
import {
  agentStateSchema,
  boardSchema,
  callbackAttemptBody,
  callbackListSchema,
  callbackSchema,
  callDetailSchema,
  callListSchema,
  correctionBody,
  correctionResultSchema,
  createQueueBody,
  membersBody,
  queueListSchema,
  queueSchema,
  screenPopSchema,
  setStateBody,
  stateLogSchema,
} from '../modules/calls/calls.schema.js';
import { connectionListSchema, connectionSchema, createConnectionBody, createdConnectionSchema } from '../modules/cti/cti.schema.js';
import {
  articleSchema,
  createArticleBody,
  updateArticleBody,
  listResultSchema,
  suggestResultSchema,
  versionBody,
  versionListSchema as articleVersionListSchema,
} from '../modules/knowledge/knowledge.schema.js';
import { orgProfileSchema, updateOrgProfileBody } from '../modules/orgs/orgs.schema.js';
import { grantBody, permissionSchema, permissionsResponse } from '../modules/permissions/permissions.schema.js';
import {
  appealBody,
  appealResponse,
  decisionBody,
  decisionResponse,
  effectiveResponse,
  manualFindingBody,
  manualFindingResponse,
  reviewBody,
  scorecardResponse,
} from '../modules/qa/qa.review.schema.js';
import { calibrationResponse, resultListResponse, teamsResponse, trendResponse } from '../modules/qa/qa.schema.js';
import { kpiReportSchema } from '../modules/reports/reports.schema.js';
import { retentionPolicySchema, retentionSchema } from '../modules/retention/retention.schema.js';
import { publicHotlineSchema } from '../modules/staffing/hotline.schema.js';
import { forecastSchema } from '../modules/staffing/staffing.schema.js';
import {
  diffSchema,
  saveResultSchema,
  saveVersionBody,
  versionListSchema,
  versionSummarySchema,
  versionWithContentSchema,
} from '../modules/standards/standards.schema.js';
import { arrivalSchema } from '../modules/tickets/arrival.schema.js';
import { commitmentStatsSchema } from '../modules/tickets/commitments.schema.js';
import { contactsSchema, logContactBody } from '../modules/tickets/contacts.schema.js';
import { callerTextsSchema, optOutBody, optOutListSchema, optOutSchema } from '../modules/tickets/texts.schema.js';
import { departmentListSchema, notificationListSchema, savedFilterListSchema, ticketListSchema } from '../modules/tickets/lists.schema.js';
import {
  actionBody,
  calendarSchema,
  coverageSchema,
  createSavedFilterBody,
  departmentStatsSchema,
  notificationSchema,
  putCalendarBody,
  savedFilterSchema,
  ticketDetailSchema,
  updateTicketBody,
} from '../modules/tickets/tickets.schema.js';
import { createUserBody, updateUserBody, userListSchema, userSchema } from '../modules/users/users.schema.js';
import { wallboardSchema, wallboardSettingsBody, wallboardSettingsSchema } from '../modules/wallboard/wallboard.schema.js';
import {
  callEventBody,
  callResult,
  currentSchema,
  manualCallBody,
  manualCallCreated,
  reportBody,
  reportResult,
  wrapUpResult,
} from '../modules/workbench/workbench.schema.js';

/**
 * The contract between the server and the browser: every route src/web calls, by `METHOD /url` as the route is
 * registered, with the zod schema the route declares as its success answer (null: the route answers 204, no body).
 *
 * The browser takes the answer's type from here (src/web/api.ts `api`, `import type` only: nothing of this file
 * reaches the bundle), so a page cannot claim a type the route does not return. It needs no check of its own at
 * run time: fastify-type-provider-zod parses every answer with the route's schema before it is sent (an answer
 * that does not fit is a 500, never a wrong shape), and src/server/http/contract.test.ts checks that each entry
 * here is the very schema its route declares.
 */
export const webContract = {
  'POST /api/auth/login': meSchema,
  'POST /api/auth/logout': null,
  'GET /api/auth/me': meSchema,

  'GET /api/users': userListSchema,
  'POST /api/users': userSchema,
  'PATCH /api/users/:id': userSchema,
  'GET /api/org/profile': orgProfileSchema,
  'PATCH /api/org/profile': orgProfileSchema,
  'GET /api/audit': auditListSchema,
  'GET /api/permissions': permissionsResponse,
  'PUT /api/permissions/:permission': permissionSchema,
  'GET /api/retention': retentionSchema,
  'PUT /api/retention': retentionSchema,

  'GET /api/standards/versions': versionListSchema,
  'GET /api/standards/versions/:version': versionWithContentSchema,
  'POST /api/standards/versions': saveResultSchema,
  'POST /api/standards/versions/:version/activate': versionSummarySchema,
  'GET /api/standards/diff': diffSchema,

  'GET /api/qa/results': resultListResponse,
  'GET /api/qa/results/:id': scorecardResponse,
  'GET /api/qa/trend': trendResponse,
  'GET /api/qa/teams': teamsResponse,
  'GET /api/qa/calibration': calibrationResponse,
  'POST /api/qa/results/:id/findings/:findingId/review': effectiveResponse,
  'POST /api/qa/results/:id/findings': manualFindingResponse,
  'POST /api/qa/results/:id/findings/:findingId/appeal': appealResponse,
  'POST /api/qa/appeals/:id/decision': decisionResponse,
  'POST /api/qa/results/:id/correction': correctionResultSchema,

  'GET /api/tickets': ticketListSchema,
  'POST /api/tickets': ticketDetailSchema,
  'GET /api/tickets/:id': ticketDetailSchema,
  'PATCH /api/tickets/:id': ticketDetailSchema,
  'POST /api/tickets/:id/actions/:action': ticketDetailSchema,
  'GET /api/tickets/department-stats': departmentStatsSchema,
  'GET /api/tickets/commitment-stats': commitmentStatsSchema,
  'GET /api/tickets/filters': savedFilterListSchema,
  'POST /api/tickets/filters': savedFilterSchema,
  'DELETE /api/tickets/filters/:id': null,
  'GET /api/tickets/:id/contacts': contactsSchema,
  'POST /api/tickets/:id/contacts': contactsSchema,
  'GET /api/tickets/:id/arrival': arrivalSchema,
  'POST /api/tickets/:id/arrival': arrivalSchema,
  'GET /api/tickets/:id/texts': callerTextsSchema,
  'GET /api/caller-texts/opt-outs': optOutListSchema,
  'POST /api/caller-texts/opt-outs': optOutSchema,
  'DELETE /api/caller-texts/opt-outs/:phone': null,
  'GET /api/departments': departmentListSchema,
  'GET /api/sla/calendar': calendarSchema,
  'PUT /api/sla/calendar': calendarSchema,
  'GET /api/sla/coverage': coverageSchema,
  'GET /api/notifications': notificationListSchema,
  'POST /api/notifications/:id/read': notificationSchema,

  'GET /api/cti/connections': connectionListSchema,
  'POST /api/cti/connections': createdConnectionSchema,
  'DELETE /api/cti/connections/:id': connectionSchema,
  'GET /api/calls': callListSchema,
  'GET /api/calls/:id': callDetailSchema,
  'GET /api/calls/:id/pop': screenPopSchema,
  'POST /api/calls/:id/correction': correctionResultSchema,
  'GET /api/agents/me/state': agentStateSchema,
  'PUT /api/agents/me/state': agentStateSchema,
  'GET /api/agents/board': boardSchema,
  'GET /api/agents/:agentNo/states': stateLogSchema,
  'GET /api/queues': queueListSchema,
  'POST /api/queues': queueSchema,
  'PUT /api/queues/:id/members': queueSchema,
  'GET /api/callbacks': callbackListSchema,
  'POST /api/callbacks/:id/attempts': callbackSchema,

  'GET /api/knowledge/articles': listResultSchema,
  'GET /api/knowledge/suggest': suggestResultSchema,
  'GET /api/knowledge/articles/:id': articleSchema,
  'GET /api/knowledge/articles/:id/versions': articleVersionListSchema,
  'POST /api/knowledge/articles': articleSchema,
  'PUT /api/knowledge/articles/:id': articleSchema,
  'POST /api/knowledge/articles/:id/publish': articleSchema,
  'POST /api/knowledge/articles/:id/archive': articleSchema,

  'GET /api/workbench/current': currentSchema,
  'POST /api/workbench/calls': manualCallCreated,
  'POST /api/workbench/calls/:id/events': callResult,
  'POST /api/workbench/calls/:id/wrap-up': wrapUpResult,
  'POST /api/workbench/calls/:id/report': reportResult,

  'GET /api/reports/kpi': kpiReportSchema,
  'GET /api/wallboard': wallboardSchema,
  'PUT /api/wallboard/settings': wallboardSettingsSchema,
  'GET /api/staffing/forecast': forecastSchema,
  'GET /api/public/hotlines/:slug': publicHotlineSchema,
} as const satisfies Record<string, z.ZodType | null>;

export type WebContract = typeof webContract;

/**
 * What the browser sends: the request body schema of each route of the contract that declares one (the same
 * object as the route's `schema.body`, checked by contract.test). `api()` takes `json` as the schema's input type,
 * so a page cannot send a field the route does not know or leave out one it needs.
 */
export const webBodies = {
  'POST /api/auth/login': loginBody,
  'POST /api/users': createUserBody,
  'PATCH /api/users/:id': updateUserBody,
  'PATCH /api/org/profile': updateOrgProfileBody,
  'PUT /api/permissions/:permission': grantBody,
  'PUT /api/retention': retentionPolicySchema,
  'POST /api/standards/versions': saveVersionBody,
  'POST /api/qa/results/:id/findings/:findingId/review': reviewBody,
  'POST /api/qa/results/:id/findings': manualFindingBody,
  'POST /api/qa/results/:id/findings/:findingId/appeal': appealBody,
  'POST /api/qa/appeals/:id/decision': decisionBody,
  'POST /api/qa/results/:id/correction': correctionBody,
  'PATCH /api/tickets/:id': updateTicketBody,
  'POST /api/tickets/:id/actions/:action': actionBody,
  'POST /api/tickets/filters': createSavedFilterBody,
  'POST /api/tickets/:id/contacts': logContactBody,
  'PUT /api/sla/calendar': putCalendarBody,
  'POST /api/caller-texts/opt-outs': optOutBody,
  'POST /api/cti/connections': createConnectionBody,
  'POST /api/calls/:id/correction': correctionBody,
  'PUT /api/agents/me/state': setStateBody,
  'POST /api/queues': createQueueBody,
  'PUT /api/queues/:id/members': membersBody,
  'POST /api/callbacks/:id/attempts': callbackAttemptBody,
  'POST /api/knowledge/articles': createArticleBody,
  'PUT /api/knowledge/articles/:id': updateArticleBody,
  'POST /api/knowledge/articles/:id/publish': versionBody,
  'POST /api/knowledge/articles/:id/archive': versionBody,
  'POST /api/workbench/calls': manualCallBody,
  'POST /api/workbench/calls/:id/events': callEventBody,
  'POST /api/workbench/calls/:id/report': reportBody,
  'PUT /api/wallboard/settings': wallboardSettingsBody,
} as const satisfies Partial<Record<keyof WebContract, z.ZodType>>;

export type WebBodies = typeof webBodies;

/**
 * Routes whose body the web still builds from untyped form values, so `api()` takes any JSON for them and the
 * server's schema alone checks it. The list only shrinks: contract.test fails on a route with a body schema that is
 * in neither list.
 */
export const looseBodies = [
  // the ticket form's values: the pack's own fields by id and the (sub-)category's, filtered of empty ones (CreateTicketModal)
  'POST /api/tickets',
  // carries the same ticket form's values as `ticket` (the workbench's wrap-up)
  'POST /api/workbench/calls/:id/wrap-up',
] as const satisfies ReadonlyArray<keyof WebContract>;
