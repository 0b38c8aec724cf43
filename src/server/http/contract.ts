import type { z } from 'zod';
import { auditListSchema } from '../modules/audit/audit.schema.js';
import { meSchema } from '../modules/auth/auth.schema.js';
import {
  agentStateSchema,
  boardSchema,
  callbackListSchema,
  callbackSchema,
  callDetailSchema,
  callListSchema,
  correctionResultSchema,
  queueListSchema,
  queueSchema,
  screenPopSchema,
  stateLogSchema,
} from '../modules/calls/calls.schema.js';
import { connectionListSchema, connectionSchema, createdConnectionSchema } from '../modules/cti/cti.schema.js';
import { articleSchema, listResultSchema, suggestResultSchema, versionListSchema as articleVersionListSchema } from '../modules/knowledge/knowledge.schema.js';
import { orgProfileSchema } from '../modules/orgs/orgs.schema.js';
import { permissionSchema, permissionsResponse } from '../modules/permissions/permissions.schema.js';
import { appealResponse, decisionResponse, effectiveResponse, manualFindingResponse, scorecardResponse } from '../modules/qa/qa.review.schema.js';
import { calibrationResponse, resultListResponse, teamsResponse, trendResponse } from '../modules/qa/qa.schema.js';
import { kpiReportSchema } from '../modules/reports/reports.schema.js';
import { retentionSchema } from '../modules/retention/retention.schema.js';
import { publicHotlineSchema } from '../modules/staffing/hotline.schema.js';
import { forecastSchema } from '../modules/staffing/staffing.schema.js';
import { diffSchema, saveResultSchema, versionListSchema, versionSummarySchema, versionWithContentSchema } from '../modules/standards/standards.schema.js';
import { arrivalSchema } from '../modules/tickets/arrival.schema.js';
import { commitmentStatsSchema } from '../modules/tickets/commitments.schema.js';
import { contactsSchema } from '../modules/tickets/contacts.schema.js';
import { callerTextsSchema, optOutSchema } from '../modules/tickets/texts.schema.js';
import { departmentListSchema, notificationListSchema, savedFilterListSchema, ticketListSchema } from '../modules/tickets/lists.schema.js';
import { calendarSchema, coverageSchema, departmentStatsSchema, notificationSchema, savedFilterSchema, ticketDetailSchema } from '../modules/tickets/tickets.schema.js';
import { userListSchema, userSchema } from '../modules/users/users.schema.js';
import { wallboardSchema, wallboardSettingsSchema } from '../modules/wallboard/wallboard.schema.js';
import { callResult, currentSchema, manualCallCreated, reportResult, wrapUpResult } from '../modules/workbench/workbench.schema.js';

/**
 * The contract between the server and the browser: every route src/web calls, by `METHOD /url` as the route is
 * registered, with the zod schema the route declares as its success answer (null: the route answers 204, no body).
 *
 * The browser takes the answer's type from here (src/web/api.ts `call`, `import type` only: nothing of this file
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
