import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { wallboardSchema, wallboardSettingsBody, wallboardSettingsSchema } from './wallboard.schema.js';
import { getSettings, saveSettings, snapshot } from './wallboard.service.js';

/** The wall screen is for those who run the floor. */
const viewers = ['admin', 'manager', 'lead'] as const;
const editors = ['admin', 'manager'] as const;
const tags = ['reports'];

export async function wallboardRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/wallboard',
    {
      config: { access: viewers },
      schema: { tags, summary: 'Wallboard (大屏): callers waiting, agents by state, service level today and in the last 30 minutes, abandons, tickets due soon and overdue', response: { 200: wallboardSchema } },
    },
    async (request) => snapshot(ctxOf(deps, request)),
  );
  app.get(
    '/api/wallboard/settings',
    { config: { access: viewers }, schema: { tags, summary: "The wallboard's colour thresholds", response: { 200: wallboardSettingsSchema } } },
    async (request) => getSettings(ctxOf(deps, request)),
  );
  app.put(
    '/api/wallboard/settings',
    { config: { access: editors }, schema: { tags, summary: "Set the wallboard's colour thresholds (audited)", body: wallboardSettingsBody, response: { 200: wallboardSettingsSchema } } },
    async (request) => saveSettings(ctxOf(deps, request), request.body.thresholds),
  );
}
