/** The QA results list as an Excel file: local times, labels of the requester's language, streamed, no silent cap. */
import type { FastifyReply } from 'fastify';
import { labelOf, qaCheckLabels, qaExportWords as w, yesLabel, type ExportLanguage } from '../../../shared/exports/labels.js';
import { packRules, toQaConfig } from '../../../shared/standards/qa.js';
import { reading, type Ctx } from '../../context.js';
import { listResults } from '../qa/qa.service.js';
import { activePackOrNull } from '../tickets/tickets.service.js';
import { exportList, localCell, timeColumn } from './exports.js';

type Filter = Parameters<typeof listResults>[1];

/** `filter` is the list's own (scoped to the agent for agents); `query` is what the audit row records. */
export async function exportQaResults(ctx: Ctx, filter: Filter, query: Record<string, unknown>, lang: ExportLanguage, reply: FastifyReply) {
  const pack = await activePackOrNull(ctx.db, ctx.orgId);
  // the 18 checks by their names; the pack's own rules (and scenarios' forbidden phrasings) by the names it gives them, as the QA pages do
  const custom = new Map(pack ? packRules(toQaConfig(pack)).map((r) => [r.id, r.name] as const) : []);
  const checkName = (id: string) => (qaCheckLabels[id] ? labelOf(qaCheckLabels, id, lang) : (custom.get(id) ?? id));
  const sep = lang === 'en' ? ', ' : '、';
  const h = (k: keyof typeof w) => w[k][lang];
  return exportList(ctx, reply, {
    entityType: 'qa_results',
    filter: query,
    lang,
    sheet: h('sheet'),
    page: async (p) => {
      const { rows, total } = await listResults(reading(ctx), filter, p);
      return { items: rows, total };
    },
    columns: [
      { header: h('callId'), key: 'callId', width: 18 },
      { header: h('agentNo'), key: 'agentNo', width: 8 },
      { header: h('agentName'), key: 'agentName', width: 10 },
      timeColumn(h('startedAt'), 'startedAt'),
      { header: h('score'), key: 'score', width: 8 },
      { header: h('effectiveScore'), key: 'effectiveScore', width: 8 },
      { header: h('fatal'), key: 'fatal', width: 6 },
      { header: h('reviewed'), key: 'reviewed', width: 7 },
      { header: h('pendingAppeals'), key: 'pendingAppeals', width: 10 },
      { header: h('checks'), key: 'checks', width: 60 },
    ],
    row: (r, timeZone) => ({
      callId: r.external_id,
      agentNo: r.agent_no,
      agentName: r.agent_name ?? '',
      startedAt: localCell(new Date(r.started_at), timeZone),
      score: r.score ?? null,
      effectiveScore: r.effective_score ?? null,
      fatal: r.effective_fatal ? yesLabel[lang] : '',
      reviewed: r.reviewed ? yesLabel[lang] : '',
      pendingAppeals: r.pending_appeals,
      checks: (r.checks ?? []).map(checkName).join(sep),
    }),
  });
}
