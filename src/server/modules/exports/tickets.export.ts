/** The tickets list as an Excel file: local times, labels of the requester's language, streamed, no silent cap. */
import type { FastifyReply } from 'fastify';
import { channelLabels, labelOf, satisfactionLabels, ticketExportWords as w, yesLabel, type ExportLanguage } from '../../../shared/exports/labels.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { defaultWorkflow } from '../../../shared/tickets/workflow.js';
import { reading, type Ctx } from '../../context.js';
import type { ListTicketsQuery } from '../tickets/tickets.schema.js';
import { activePackOrNull, listTickets } from '../tickets/tickets.service.js';
import { exportList, localCell, timeColumn } from './exports.js';

export async function exportTickets(ctx: Ctx, q: ListTicketsQuery, lang: ExportLanguage, reply: FastifyReply) {
  const pack = await activePackOrNull(ctx.db, ctx.orgId);
  const workflow = ticketWorkflow(pack);
  const category = (id: string) => pack?.categories.find((c) => c.id === id);
  const status = (s: string) => workflow.states.find((x) => x.id === s)?.labels[lang] ?? defaultWorkflow.states.find((x) => x.id === s)?.labels[lang] ?? s;
  const yes = (b: boolean) => (b ? yesLabel[lang] : '');
  const h = (k: keyof typeof w) => w[k][lang];
  return exportList(ctx, reply, {
    entityType: 'tickets',
    filter: q,
    lang,
    sheet: h('sheet'),
    page: (p) => listTickets(reading(ctx), q, p),
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
    row: (t, timeZone) => {
      const cat = category(t.category);
      return {
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
    },
  });
}
