/**
 * One error type for everything a caller can get wrong, with a stable code
 * and a sentence a person understands. The HTTP status is decided here, once.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_SESSION_EXPIRED: 401,
  CTI_TOKEN_MISSING: 401,
  CTI_TOKEN_INVALID: 401,
  METRICS_TOKEN_REQUIRED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REFUSED: 403, // a write or WebSocket from a page on another origin (src/server/http/origin.ts)
  TICKET_FORBIDDEN_ACTION: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  ORG_NOT_FOUND: 404,
  STANDARD_VERSION_NOT_FOUND: 404,
  STANDARD_NOT_ACTIVE: 404,
  TICKET_NOT_FOUND: 404,
  DEPARTMENT_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  TICKET_FILTER_NOT_FOUND: 404,
  CALL_NOT_FOUND: 404,
  CTI_CONNECTION_NOT_FOUND: 404,
  QUEUE_NOT_FOUND: 404,
  CALLBACK_NOT_FOUND: 404,
  CONFLICT: 409,
  STANDARD_WORKFLOW_STATE_IN_USE: 409,
  TICKET_BAD_TRANSITION: 409,
  USER_EXISTS: 409,
  AUTH_ORG_REQUIRED: 409, // the same username and password in two organisations: say which
  ORG_EXISTS: 409,
  DEPARTMENT_EXISTS: 409,
  TICKET_FILTER_EXISTS: 409,
  CTI_CONNECTION_EXISTS: 409,
  CTI_CONNECTION_REVOKED: 409,
  QUEUE_EXISTS: 409,
  CALLBACK_CLOSED: 409,
  AGENT_ON_CALL: 409,
  PAYLOAD_TOO_LARGE: 413,
  EXPORT_TOO_LARGE: 422, // an Excel export above its row limit: the message says how many rows and to narrow the filter
  PACK_INVALID: 422,
  TICKET_REASON_REQUIRED: 422,
  TICKET_INVALID: 422,
  TICKET_ACTION_INVALID: 422,
  DEPARTMENT_MEMBERS_INVALID: 422,
  CALENDAR_INVALID: 422,
  TICKET_FILTER_INVALID: 422,
  CTI_EVENT_INVALID: 400,
  CTI_WRONG_ENDPOINT: 422,
  CTI_SETTINGS_NOT_APPLICABLE: 422,
  AGENT_NO_MISSING: 422,
  // knowledge base (知识库)
  KNOWLEDGE_NOT_FOUND: 404,
  KNOWLEDGE_VERSION_CONFLICT: 409,
  KNOWLEDGE_INVALID: 422,
  // agent workbench (坐席工作台)
  CALL_NOT_YOURS: 403,
  CALL_NOT_MANUAL: 409, // the switch reports this call's events, not the agent
  CALL_BAD_EVENT: 409,
  CALL_STILL_ACTIVE: 409,
  CALL_ALREADY_WRAPPED_UP: 409,
  WRAPUP_NOT_FOUND: 404,
  WRAPUP_UNKNOWN_SCENARIO: 400,
  WRAPUP_UNKNOWN_CUSTOMER_TYPE: 400,
  // QA review and appeal (复核与申诉)
  QA_OWN_CALL: 403,
  QA_FINDING_NOT_FOUND: 404,
  QA_APPEAL_NOT_FOUND: 404,
  QA_NOT_CHECKED: 409,
  QA_APPEAL_EXISTS: 409,
  QA_APPEAL_WINDOW_CLOSED: 409,
  QA_APPEAL_NOT_PENDING: 409,
  QA_APPEAL_PENDING: 409,
  QA_APPEAL_DECIDED: 409,
  QA_FINDING_OVERTURNED: 409,
  QA_NOTE_REQUIRED: 422,
  QA_REASON_REQUIRED: 422,
  QA_UNKNOWN_CHECK: 422,
  QA_SEGMENT_INVALID: 422,
  QA_TEAM_UNKNOWN: 400, // the QA list's 班组 filter names no queue of the organisation
  // reports (报表)
  REPORT_PERIOD_INVALID: 400, // a date that does not exist, a reversed or overlong period
  REPORT_SETTINGS_INVALID: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AUTH_THROTTLED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus | (string & {});

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number = (errorStatus as Record<string, number>)[code] ?? 400,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new AppError(code, message, undefined, details);
}

export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}
