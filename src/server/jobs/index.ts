import { qaCheckJob } from '../modules/qa/qa.service.js';
import type { JobDefinition } from './runner.js';
import { housekeepingJob } from './housekeeping.js';

/** Every job a worker process runs. */
export const allJobs: JobDefinition[] = [housekeepingJob, qaCheckJob as unknown as JobDefinition];
