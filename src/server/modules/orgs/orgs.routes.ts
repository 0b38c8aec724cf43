import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { orgProfileSchema, updateOrgProfileBody } from './orgs.schema.js';
import { getOrgProfile, updateOrgProfile } from './orgs.service.js';

export async function orgsRoutes(app: App, deps: AppDeps) {
  // Everyone signed in reads it: the workbench fills the scripts' {city} and {hotline} from it.
  app.get(
    '/api/org/profile',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['orgs'], summary: 'My organisation: name, and the city and hotline number scripts announce', response: { 200: orgProfileSchema } },
    },
    async (request) => getOrgProfile(ctxOf(deps, request)),
  );

  app.patch(
    '/api/org/profile',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['orgs'],
        summary: 'Change the name, city or hotline number (an empty city or number goes back to the standard pack’s)',
        body: updateOrgProfileBody,
        response: { 200: orgProfileSchema },
      },
    },
    async (request) => updateOrgProfile(ctxOf(deps, request), request.body),
  );
}
