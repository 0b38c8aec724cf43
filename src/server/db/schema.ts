import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/roles.js';
import type { Satisfaction, WorkflowTimerKind } from '../../shared/tickets/workflow.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;
/** bigint milliseconds (0028_long_durations.sql): node-postgres reads a string, PGlite a number; read with Number(). */
type NullableMillis = ColumnType<number | string | null, number | string | null | undefined, number | string | null>;

/** Roles an organisation grants a permission of its own to (0022_org_permissions); no row: the default. */
export interface OrgPermissionsTable {
  org_id: string;
  permission: 'export';
  roles: ColumnType<string[], string[], string[]>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OrgsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  /** The profile's city ({city} in scripts); null: the pack's identity.city. */
  city: string | null;
  /** The profile's hotline number ({hotline}); null: the pack's identity.hotline. */
  hotline: string | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  org_id: string;
  username: string;
  display_name: string;
  role: Role;
  agent_no: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  org_id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  username: string;
  ip: string;
  success: boolean;
  at: Timestamp;
}

export interface DomainEventsTable {
  id: Generated<string>;
  org_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  actor_id: string | null;
  occurred_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  org_id: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  ip: string | null;
  at: Timestamp;
}

export interface JobsTable {
  id: Generated<string>;
  org_id: string | null;
  name: string;
  payload: Json;
  dedupe_key: string | null;
  run_at: Timestamp;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface StandardPackVersionsTable {
  id: Generated<string>;
  org_id: string;
  version: number;
  name: string;
  content: Json;
  sources: Json;
  checksum: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface StandardPackActiveTable {
  org_id: string;
  version_id: string;
  activated_by: string | null;
  activated_at: Timestamp;
}

export interface QaTranscriptsTable {
  id: Generated<string>;
  org_id: string;
  external_id: string;
  agent_no: string;
  agent_name: string | null;
  caller: string | null;
  started_at: Timestamp;
  transcript: Json;
  source: Generated<'api' | 'cti' | 'import'>;
  created_at: Timestamp;
}

export interface QaResultsTable {
  transcript_id: string;
  org_id: string;
  score: number;
  fatal: boolean;
  checks: string[];
  pack_version_id: string | null;
  checked_at: Timestamp;
}

export interface QaFindingsTable {
  id: Generated<string>;
  org_id: string;
  transcript_id: string;
  check_id: string;
  segment: number | null;
  at_ms: number;
  evidence: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB {
  orgs: OrgsTable;
  org_permissions: OrgPermissionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  domain_events: DomainEventsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
  standard_pack_versions: StandardPackVersionsTable;
  standard_pack_active: StandardPackActiveTable;
  qa_transcripts: QaTranscriptsTable;
  qa_results: QaResultsTable;
  qa_findings: QaFindingsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Org = Selectable<OrgsTable>;

// ---------------------------------------------------------------- tickets (0004_tickets.sql)
// Declared as interface merges so that this block stays self-contained.

type NullableColumn<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface UsersTable {
  /** 承办单位 of a department user; null for everyone else. */
  department_id: NullableColumn<string>;
}

export interface DepartmentsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface TicketCountersTable {
  org_id: string;
  day: string;
  last: Generated<number>;
}

export interface TicketsTable {
  id: Generated<string>;
  org_id: string;
  number: string;
  channel: string;
  caller_name: string | null;
  caller_phone: string | null;
  category: string;
  sub_category: string | null;
  priority: string;
  title: string;
  description: Generated<string>;
  address: string | null;
  fields: Json;
  department_id: string | null;
  status: string;
  resume_to: string | null;
  extension: Generated<'none' | 'requested' | 'approved' | 'rejected'>;
  extension_request: Json | null;
  supervised: Generated<boolean>;
  complained: Generated<boolean>;
  satisfaction: Satisfaction | null;
  /** 评价 of the lead department by the caller (0024), when given at the callback. */
  department_satisfaction: ColumnType<Satisfaction | null, string | null | undefined, string | null>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  call_ids: ColumnType<string[], string[] | undefined, string[]>;
  merged_into: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface TicketTransitionsTable {
  id: Generated<string>;
  org_id: string;
  ticket_id: string;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  details: Json;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

/** 联系记录 (0023): a contact with the caller logged on a ticket. */
export interface TicketContactsTable {
  id: Generated<string>;
  org_id: string;
  ticket_id: string;
  channel: 'phone' | 'sms' | 'visit';
  reached: boolean;
  note: string | null;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

/** 到达现场 (0025): a repair ticket's arrival limit and when the crew arrived. */
export interface TicketArrivalsTable {
  ticket_id: string;
  org_id: string;
  commitment_id: string;
  /** The field value that chose the limit (城区, 农村, 特殊边远地区), or null. */
  area: string | null;
  within: string;
  started_at: Timestamp;
  due_at: Timestamp;
  arrived_at: Timestamp | null;
  arrived_by: string | null;
  breached_at: Timestamp | null;
}

export type TimerKind = WorkflowTimerKind;
export type TimerStatus = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface TicketTimersTable {
  id: Generated<string>;
  org_id: string;
  ticket_id: string;
  kind: TimerKind;
  duration: string;
  started_at: Timestamp;
  due_at: Timestamp;
  warn_at: Timestamp | null;
  paused_at: Timestamp | null;
  paused_ms: ColumnType<string, number | string | undefined, number | string>;
  status: TimerStatus;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  met_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: Timestamp;
  seq: Generated<string>;
  /** A co-handling department's part (0024); null for the lead's and the ticket's own timers. */
  part_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 协办: a co-handling department's part of a ticket (0024). */
export interface TicketPartsTable {
  id: Generated<string>;
  org_id: string;
  ticket_id: string;
  department_id: string;
  status: 'dispatched' | 'signed' | 'replied' | 'lapsed' | 'cancelled';
  dispatched_at: Timestamp;
  signed_at: Timestamp | null;
  replied_at: Timestamp | null;
  reply: string | null;
  ended_at: Timestamp | null;
  satisfaction: Satisfaction | null;
  seq: Generated<string>;
}
export type TicketPart = Selectable<TicketPartsTable>;
export type TicketContact = Selectable<TicketContactsTable>;
export type TicketArrival = Selectable<TicketArrivalsTable>;

export interface SlaCalendarsTable {
  org_id: string;
  timezone: string | null;
  business_hours: Json | null;
  holidays: Json;
  workdays: Json;
  warn_fraction: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string | null;
  role: string | null;
  kind: string;
  payload: Json;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface DB {
  departments: DepartmentsTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  ticket_transitions: TicketTransitionsTable;
  ticket_timers: TicketTimersTable;
  ticket_parts: TicketPartsTable;
  ticket_contacts: TicketContactsTable;
  ticket_arrivals: TicketArrivalsTable;
  sla_calendars: SlaCalendarsTable;
  notifications: NotificationsTable;
}

export type Ticket = Selectable<TicketsTable>;
export type TicketTimer = Selectable<TicketTimersTable>;
export type Department = Selectable<DepartmentsTable>;

// ---------------------------------------------------------------- calls and CTI (0005_calls.sql)

export interface CtiConnectionsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  kind: 'events' | 'zammad' | 'manual';
  token_hash: string;
  token_hint: string;
  settings: Json;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface CtiEventsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  event_id: string;
  call_key: string | null;
  type: string;
  seq: number | null;
  at: Timestamp;
  body: Json;
  received_at: Timestamp;
}

export interface QueuesTable {
  id: Generated<string>;
  org_id: string;
  code: string;
  name: string;
  kind: 'day' | 'night' | 'expert';
  created_at: Timestamp;
}

export interface QueueMembersTable {
  queue_id: string;
  user_id: string;
  org_id: string;
}

export interface CallsTable {
  id: Generated<string>;
  org_id: string;
  connection_id: string;
  external_id: string;
  direction: Generated<'in' | 'out'>;
  from_number: string | null;
  to_number: string | null;
  queue: string | null;
  agent_no: string | null;
  agent_user_id: string | null;
  status: Generated<'ringing' | 'answered' | 'ended'>;
  ringing_at: Timestamp | null;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  ended_by: 'customer' | 'agent' | 'system' | null;
  cause: string | null;
  rings: number | null;
  wait_ms: NullableMillis;
  talk_ms: NullableMillis;
  hold_ms: ColumnType<number | string, number | string | undefined, number | string>;
  hold_count: Generated<number>;
  wrapup_ms: NullableMillis;
  abandoned: Generated<boolean>;
  night: Generated<boolean>;
  recording_url: string | null;
  segments: Generated<number>;
  state: Json;
  qa_transcript_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the retention sweep deleted the call's raw CTI events: the record is final, a late event is refused (0031). */
  events_pruned_at: Timestamp | null;
}

export interface AgentStatusTable {
  org_id: string;
  agent_no: string;
  user_id: string | null;
  state: string;
  reason: string | null;
  since: Timestamp;
  call_id: string | null;
  source: 'cti' | 'workbench' | 'system';
}

export interface AgentStateLogTable {
  id: Generated<string>;
  org_id: string;
  agent_no: string;
  user_id: string | null;
  state: string;
  reason: string | null;
  call_id: string | null;
  source: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  duration_ms: NullableMillis;
}

/** Evidence about agents' states, from which agent_state_log and agent_status are derived (0010_agent_facts.sql). */
export interface AgentStateFactsTable {
  org_id: string;
  key: string;
  agent_no: string;
  at: Timestamp;
  state: string;
  reason: string | null;
  call_id: string | null;
  source: 'cti' | 'workbench' | 'system';
  only_if_state: string | null;
  only_if_call: string | null;
  only_if_since: Timestamp | null;
}

export interface CallbackTasksTable {
  id: Generated<string>;
  org_id: string;
  caller: string;
  call_ids: string[];
  reason: 'abandoned' | 'night' | 'unanswered' | 'correction' | 'promised';
  /** What to tell the caller (0026): the corrected answer, what was promised. */
  detail: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<'open' | 'done' | 'cancelled'>;
  attempts: Generated<number>;
  due_at: Timestamp;
  outcome: 'reached' | 'no_answer' | 'wrong_number' | 'not_needed' | null;
  note: string | null;
  assigned_to: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
  done_by: string | null;
}

export interface DB {
  cti_connections: CtiConnectionsTable;
  cti_events: CtiEventsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  calls: CallsTable;
  agent_status: AgentStatusTable;
  agent_state_log: AgentStateLogTable;
  agent_state_facts: AgentStateFactsTable;
  callback_tasks: CallbackTasksTable;
}

export type Call = Selectable<CallsTable>;
export type CtiConnection = Selectable<CtiConnectionsTable>;
export type CallbackTask = Selectable<CallbackTasksTable>;

// ---------------------------------------------------------------- QA review and appeal (0006_qa_review.sql)

export interface QaFindingsTable {
  source: Generated<'machine' | 'manual'>;
  /** machine: not yet reviewed; confirmed / overturned by a person (or by an appeal's decision). */
  status: Generated<'machine' | 'confirmed' | 'overturned'>;
  reviewed_by: NullableColumn<string>;
  review_note: NullableColumn<string>;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the finding was first reported; a re-check that finds it again keeps it. */
  created_at: Timestamp;
  created_by: NullableColumn<string>;
}

export interface QaResultsTable {
  effective_score: number;
  effective_fatal: boolean;
  reviewed: Generated<boolean>;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reviewed_by: NullableColumn<string>;
}

export interface QaAppealsTable {
  id: Generated<string>;
  org_id: string;
  transcript_id: string;
  finding_id: string;
  appellant_id: string;
  reason: string;
  status: Generated<'pending' | 'accepted' | 'rejected'>;
  created_at: Timestamp;
  decided_by: NullableColumn<string>;
  decision_note: NullableColumn<string>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface DB {
  qa_appeals: QaAppealsTable;
}

// ---------------------------------------------------------------- tickets, second part (0007_tickets_more.sql)

export interface TicketTimersTable {
  /** Bumped on every re-plan; part of the warning/breach job keys. */
  plan: Generated<number>;
  /** Business time spent suspended, in ms (bh/wd limits). */
  paused_business_ms: ColumnType<string, number | string | undefined, number | string>;
  /** 延期 approved: the due is a decision and survives re-plans. */
  extended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface TicketsTable {
  /** 进展通报 period while reminders run (the policy's updateEvery), else null. */
  update_every: NullableColumn<string>;
  next_update_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  update_seq: Generated<number>;
}

/** 给来电人的短信 (0029): whether the caller declined texts about this ticket. */
export interface TicketsTable {
  texts_opt_out: Generated<boolean>;
}

/** 给来电人的短信 (0029): one text to the caller about their ticket, and what became of it. */
export interface CallerTextsTable {
  id: Generated<string>;
  org_id: string;
  ticket_id: string;
  kind: 'acceptance' | 'progress' | 'reply';
  to_phone: string;
  text: string;
  status: 'queued' | 'sent' | 'failed' | 'skipped';
  skip_reason: 'opted_out' | 'no_mobile' | 'gateway_off' | 'quiet_hours' | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  updated_at: Timestamp;
}

/** 退订 (0029): a number that declined the hotline's texts. */
export interface CallerTextOptOutsTable {
  org_id: string;
  phone: string;
  source: string;
  created_at: Timestamp;
}

/** How far back the retention sweep pruned an organisation's agent state facts: the state log before it is final (0031). */
export interface RetentionHorizonsTable {
  org_id: string;
  agent_facts_before: Timestamp;
}

export interface DB {
  retention_horizons: RetentionHorizonsTable;
}

export interface DB {
  caller_texts: CallerTextsTable;
  caller_text_opt_outs: CallerTextOptOutsTable;
}

export type CallerText = Selectable<CallerTextsTable>;

export interface TicketSavedFiltersTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  name: string;
  query: string;
  created_at: Timestamp;
}

export interface DB {
  ticket_saved_filters: TicketSavedFiltersTable;
}

// ---------------------------------------------------------------- knowledge base (0008_knowledge.sql)

export type KnowledgeStatus = 'draft' | 'published' | 'archived';
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface KnowledgeArticlesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  body: Generated<string>;
  tags: TextArray;
  scenario_ids: TextArray;
  status: Generated<KnowledgeStatus>;
  version: Generated<number>;
  /** tsvector, written through to_tsvector('simple', …) by the repository. */
  search: ColumnType<string, unknown, unknown>;
  search_text: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
  published_at: Timestamp | null;
}

export interface KnowledgeArticleVersionsTable {
  id: Generated<string>;
  org_id: string;
  article_id: string;
  version: number;
  action: 'create' | 'update' | 'publish' | 'archive';
  title: string;
  body: string;
  tags: string[];
  scenario_ids: string[];
  status: KnowledgeStatus;
  note: string | null;
  edited_by: string | null;
  edited_at: Timestamp;
}

export interface DB {
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_article_versions: KnowledgeArticleVersionsTable;
}

export type KnowledgeArticle = Selectable<KnowledgeArticlesTable>;

// ---- workbench (0009_workbench.sql): wrap-ups (话后整理); cti_connections.kind also takes 'manual'

export type WrapUpOutcome = 'ticket' | 'resolved' | 'no_ticket';

export interface CallWrapupsTable {
  call_id: string;
  org_id: string;
  agent_no: string;
  user_id: string | null;
  outcome: WrapUpOutcome;
  ticket_id: string | null;
  scenario_id: string | null;
  customer_type_id: string | null;
  summary: string;
  recap: Json;
  created_at: Timestamp;
}

export interface DB {
  call_wrapups: CallWrapupsTable;
}

export type CallWrapup = Selectable<CallWrapupsTable>;
