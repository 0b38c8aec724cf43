import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { sendXlsx } from '../../http/xlsx.js';
import { forecastQuery, forecastSchema, forecastXlsxQuery } from './staffing.schema.js';
import { forecast } from './staffing.service.js';
import { planSheet } from './staffing.xlsx.js';
import { publicHotlineSchema, slugParam } from './hotline.schema.js';
import { publicHotline } from './hotline.service.js';

const planners = ['admin', 'manager', 'lead'] as const;

export async function staffingRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/staffing/forecast',
    {
      config: { access: planners },
      schema: { tags: ['staffing'], summary: "Next week's staffing plan: forecast calls per interval from the last four weeks and the Erlang C agents", querystring: forecastQuery, response: { 200: forecastSchema } },
    },
    async (request) => forecast(ctxOf(deps, request), request.query),
  );
  app.get(
    '/api/staffing/forecast.xlsx',
    { config: { access: planners }, schema: { tags: ['staffing'], summary: 'The staffing plan as an Excel file (local times, labels in the chosen language)', querystring: forecastXlsxQuery } },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      const plan = await forecast(ctxOf(deps, request), q);
      return sendXlsx(reply, planSheet(plan, lang));
    },
  );
  app.get(
    '/api/public/hotlines/:slug',
    {
      config: { access: 'public' },
      schema: { tags: ['staffing'], summary: "For callers: a hotline's service hours, the wait right now and the quieter hours of the week (no sign-in)", params: slugParam, response: { 200: publicHotlineSchema } },
    },
    async (request) => publicHotline(deps.database.db, deps.clock(), request.params.slug),
  );
}
