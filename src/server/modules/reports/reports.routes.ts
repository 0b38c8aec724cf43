import { ctxOf } from '../../http/context.js';
import type { App, AppDeps } from '../../http/types.js';
import { sendXlsxStream } from '../../http/xlsx.js';
import { kpiQuery, kpiReportSchema, settingsBody, settingsSchema, xlsxQuery } from './reports.schema.js';
import { getThresholds, kpiReport, kpiWorkbook, saveThresholds } from './reports.service.js';

/** Inspectors read the QA part of a report (the service leaves the rest out). */
const readers = ['admin', 'manager', 'lead', 'inspector'] as const;
const tags = ['reports'];

export async function reportsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/reports/kpi',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'KPI report of a period (docs/kpi.md): totals, rows by time or dimension, GB/T 33358 view, heat map',
        description: 'Managers, leads and admins get every section; inspectors the QA section only. Dates are days in the organisation\'s time zone, both included.',
        querystring: kpiQuery,
        response: { 200: kpiReportSchema },
      },
    },
    async (request) => kpiReport(ctxOf(deps, request), request.query),
  );

  app.get(
    '/api/reports/kpi.xlsx',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'The KPI report as an Excel workbook (summary, calls, tickets, QA, agents, departments), streamed',
        description: 'Local times of the organisation; labels in `lang`, else the browser\'s language. Every row is written: no row cap.',
        querystring: xlsxQuery,
      },
    },
    async (request, reply) => {
      const { lang, ...q } = request.query;
      const accept = request.headers['accept-language'] ?? '';
      const language = lang ?? (/^zh-(tw|hk|hant)/i.test(accept) ? 'zh-TW' : /^zh/i.test(accept) || !accept ? 'zh-CN' : 'en');
      return sendXlsxStream(reply, await kpiWorkbook(ctxOf(deps, request), q, language));
    },
  );

  app.get(
    '/api/reports/settings',
    { config: { access: readers }, schema: { tags, summary: 'Service-level thresholds T1 and T2 (seconds)', response: { 200: settingsSchema } } },
    async (request) => getThresholds(ctxOf(deps, request)),
  );

  app.put(
    '/api/reports/settings',
    {
      config: { access: ['admin', 'manager'] },
      schema: { tags, summary: 'Set the service-level thresholds T1 and T2 (5–600 s, T1 ≤ T2); audited', body: settingsBody, response: { 200: settingsSchema } },
    },
    async (request) => saveThresholds(ctxOf(deps, request), request.body),
  );
}
