import { z } from 'zod';
import { RETENTION_LIMITS } from '../../../shared/retention.js';

const days = (k: keyof typeof RETENTION_LIMITS, what: string) =>
  z.number().int().min(RETENTION_LIMITS[k].min).max(RETENTION_LIMITS[k].max).describe(`${what} (days, ${RETENTION_LIMITS[k].min}–${RETENTION_LIMITS[k].max})`);

export const retentionPolicySchema = z.object({
  jobsDays: days('jobsDays', 'finished background jobs'),
  ctiEventsDays: days('ctiEventsDays', "raw CTI events, counted from when their call ended"),
  domainEventsDays: days('domainEventsDays', 'domain events (the live feed browsers resume from)'),
  agentFactsDays: days('agentFactsDays', 'agent state facts (the state log derived from them is kept)'),
  callerTextsDays: days('callerTextsDays', 'texts to callers (number and text), counted from when they were written; queued texts are kept, the opt-out list is not pruned'),
  loginDays: days('loginDays', 'sign-in records: attempts and the audit rows of sign-ins and sign-outs'),
  auditDays: days('auditDays', 'the rest of the audit log').nullable().describe('the rest of the audit log in days (365–36500); null keeps it for ever'),
});

export const retentionSchema = retentionPolicySchema.extend({
  updatedAt: z.string().nullable().describe('when an administrator last changed it; null: the defaults apply'),
  defaults: retentionPolicySchema,
});
