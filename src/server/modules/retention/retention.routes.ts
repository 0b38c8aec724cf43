import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { retentionPolicySchema, retentionSchema } from './retention.schema.js';
import { getPolicy, savePolicy } from './retention.service.js';

const tags = ['system'];

export async function retentionRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/retention',
    { config: { access: ['admin'] }, schema: { tags, summary: "How long the organisation keeps jobs, CTI events, domain events, agent state facts, texts to callers, sign-in records and the audit log", response: { 200: retentionSchema } } },
    async (request) => getPolicy(ctxOf(deps, request)),
  );
  app.put(
    '/api/retention',
    { config: { access: ['admin'] }, schema: { tags, summary: 'Set the retention periods (audited); the hourly housekeeping deletes older rows in small batches', body: retentionPolicySchema, response: { 200: retentionSchema } } },
    async (request) => savePolicy(ctxOf(deps, request), request.body),
  );
}
