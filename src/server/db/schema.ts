import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/roles.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface OrgsTable {
  id: Generated<string>;
  slug: string;
  name: string;
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

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB {
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  domain_events: DomainEventsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Org = Selectable<OrgsTable>;
