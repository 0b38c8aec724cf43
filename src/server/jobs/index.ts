import { wrapUpTimeoutJob } from '../modules/agents/agents.service.js';
import { callbackCheckJob } from '../modules/calls/calls.service.js';
import { qaCheckJob } from '../modules/qa/qa.service.js';
import { slaBreachJob, slaWarnJob } from '../modules/tickets/sla.service.js';
import { notifyJobs } from '../modules/notify/notify.service.js';
import { updateReminderJob } from '../modules/tickets/reminders.service.js';
import { arrivalDueJob } from '../modules/tickets/arrival.service.js';
import { callerTextJob } from '../modules/tickets/texts.service.js';
import type { JobDefinition } from './runner.js';
import { housekeepingJob } from './housekeeping.js';

/** Every job a worker process runs. */
export const allJobs: JobDefinition[] = [housekeepingJob, qaCheckJob as unknown as JobDefinition, slaWarnJob as unknown as JobDefinition, slaBreachJob as unknown as JobDefinition, wrapUpTimeoutJob as unknown as JobDefinition, callbackCheckJob as unknown as JobDefinition, updateReminderJob as unknown as JobDefinition, arrivalDueJob as unknown as JobDefinition, callerTextJob as unknown as JobDefinition, ...notifyJobs];
