import type { Metrics } from '../http/metrics.js';
import type { LiveHub } from '../ws/hub.js';
import type { App, AppDeps } from '../http/types.js';
import { auditRoutes } from './audit/audit.routes.js';
import { callsRoutes } from './calls/calls.routes.js';
import { correctionsRoutes } from './calls/corrections.routes.js';
import { ctiRoutes } from './cti/cti.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { knowledgeRoutes } from './knowledge/knowledge.routes.js';
import { orgsRoutes } from './orgs/orgs.routes.js';
import { permissionsRoutes } from './permissions/permissions.routes.js';
import { qaRoutes } from './qa/qa.routes.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { retentionRoutes } from './retention/retention.routes.js';
import { wallboardRoutes } from './wallboard/wallboard.routes.js';
import { staffingRoutes } from './staffing/staffing.routes.js';
import { standardsRoutes } from './standards/standards.routes.js';
import { systemRoutes } from './system/system.routes.js';
import { ticketArrivalRoutes } from './tickets/arrival.routes.js';
import { ticketTextsRoutes } from './tickets/texts.routes.js';
import { ticketContactsRoutes } from './tickets/contacts.routes.js';
import { ticketsRoutes } from './tickets/tickets.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { workbenchRoutes } from './workbench/workbench.routes.js';

export interface ModuleExtras {
  metrics: Metrics;
  /** The live hub of this process (screen pops pushed ahead of their commit). */
  live: LiveHub;
}

/** Every module's routes, in one place. */
export async function registerModules(app: App, deps: AppDeps, extras: ModuleExtras): Promise<void> {
  await systemRoutes(app, deps, extras);
  await authRoutes(app, deps);
  await usersRoutes(app, deps);
  await orgsRoutes(app, deps);
  await auditRoutes(app, deps);
  await permissionsRoutes(app, deps);
  await standardsRoutes(app, deps);
  await qaRoutes(app, deps);
  await ticketsRoutes(app, deps);
  await ticketContactsRoutes(app, deps);
  await ticketArrivalRoutes(app, deps);
  await ticketTextsRoutes(app, deps);
  await ctiRoutes(app, deps, extras.live);
  await callsRoutes(app, deps);
  await correctionsRoutes(app, deps);
  await knowledgeRoutes(app, deps);
  await workbenchRoutes(app, deps);
  await reportsRoutes(app, deps);
  await wallboardRoutes(app, deps);
  await staffingRoutes(app, deps);
  await retentionRoutes(app, deps);
}
