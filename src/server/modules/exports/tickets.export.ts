/** The tickets list as an Excel file: local times, labels of the requester's language, streamed, no silent cap. */
import type { FastifyReply } from 'fastify';
import { channelLabels, labelOf, satisfactionLabels, ticketExportWords as w, yesLabel, type ExportLanguage } from '../../../shared/exports/labels.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { defaultWorkflow } from '../../../shared/tickets/workflow.js';
import type { Ctx } from '../../context.js';
import { sendXlsxStream } from '../../http/xlsx.js';
import type { ListTicketsQuery } from '../tickets/tickets.schema.js';
import { activePackOrNull, listTickets } from '../tickets/tickets.service.js';
import { allRows, auditExport, EXPORT_PAGE, localCell, orgTimeZone, refuseAboveLimit, timeColumn } from './exports.js';

export async function exportTickets(ctx: Ctx, q: ListTicketsQuery, lang: ExportLanguage, reply: FastifyReply) {
  const [first, timeZone, pack] = await Promise.all([listTickets(ctx, q, { limit: EXPORT_PAGE, offset: 0 }), orgTimeZone(ctx), activePackOrNull(ctx.db, ctx.orgId)]);
  refuseAboveLimit(first.total, lang);
  await auditExport(ctx, 'tickets', q, first.total);
  const workflow = ticketWorkflow(pack);
  const category = (id: string) => pack?.categories.find((c) => c.id === id);
  const status = (s: string) => workflow.states.find((x) => x.id === s)?.labels[lang] ?? defaultWorkflow.states.find((x) => x.id === s)?.labels[lang] ?? s;
  const yes = (b: boolean) => (b ? yesLabel[lang] : '');
  const rows = allRows(first.items, first.total, async (offset) => (await listTickets(ctx, q, { limit: EXPORT_PAGE, offset })).items);
  const h = (k: keyof typeof w) => w[k][lang];
  return sendXlsxStream(reply, {
    filename: `${h('sheet')}.xlsx`,
    sheets: [
      {
        name: h('sheet'),
        columns: [
          { header: h('number'), key: 'number', width: 16 },
          timeColumn(h('createdAt'), 'createdAt'),
          { header: h('channel'), key: 'channel', width: 8 },
          { header: h('callerName'), key: 'callerName', width: 10 },
          { header: h('callerPhone'), key: 'callerPhone', width: 14 },
          { header: h('category'), key: 'category', width: 12 },
          { header: h('subCategory'), key: 'subCategory', width: 12 },
          { header: h('priority'), key: 'priority', width: 8 },
          { header: h('title'), key: 'title', width: 30 },
          { header: h('departmentName'), key: 'departmentName', width: 16 },
          { header: h('status'), key: 'status', width: 12 },
          { header: h('supervised'), key: 'supervised', width: 6 },
          { header: h('overdue'), key: 'overdue', width: 6 },
          timeColumn(h('nextDueAt'), 'nextDueAt'),
          { header: h('satisfaction'), key: 'satisfaction', width: 12 },
        ],
        rows: (async function* () {
          for await (const t of rows) {
            const cat = category(t.category);
            yield {
              number: t.number,
              createdAt: localCell(t.createdAt, timeZone),
              channel: labelOf(channelLabels, t.channel, lang),
              callerName: t.callerName ?? '',
              callerPhone: t.callerPhone ?? '',
              category: cat?.name ?? t.category,
              subCategory: t.subCategory ? (cat?.subCategories.find((s) => s.id === t.subCategory)?.name ?? t.subCategory) : '',
              priority: pack?.priorities.find((p) => p.id === t.priority)?.name ?? t.priority,
              title: t.title,
              departmentName: t.departmentName ?? '',
              status: status(t.status),
              supervised: yes(t.supervised),
              overdue: yes(t.overdue),
              nextDueAt: localCell(t.nextDueAt, timeZone),
              satisfaction: labelOf(satisfactionLabels, t.satisfaction, lang),
            };
          }
        })(),
      },
    ],
  });
}
