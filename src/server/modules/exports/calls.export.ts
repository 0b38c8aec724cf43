/** The call list as an Excel file: local times, labels of the requester's language, streamed, no silent cap. */
import type { FastifyReply } from 'fastify';
import { callExportWords as w, callStatusLabels, endedByLabels, labelOf, yesLabel, type ExportLanguage } from '../../../shared/exports/labels.js';
import { reading, type Ctx } from '../../context.js';
import type { CallListQuery } from '../calls/calls.schema.js';
import { listCalls } from '../calls/calls.service.js';
import { exportList, localCell, timeColumn } from './exports.js';

export async function exportCalls(ctx: Ctx, q: Omit<CallListQuery, 'limit' | 'offset'>, lang: ExportLanguage, reply: FastifyReply) {
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  const yes = (b: boolean) => (b ? yesLabel[lang] : '');
  const h = (k: keyof typeof w) => w[k][lang];
  return exportList(ctx, reply, {
    entityType: 'calls',
    filter: q,
    lang,
    sheet: h('sheet'),
    page: (p) => listCalls(reading(ctx), { ...q, ...p }),
    columns: [
      timeColumn(h('ringingAt'), 'ringingAt'),
      { header: h('from'), key: 'from', width: 16 },
      { header: h('queue'), key: 'queue', width: 14 },
      { header: h('agentNo'), key: 'agentNo', width: 8 },
      { header: h('agentName'), key: 'agentName', width: 10 },
      { header: h('status'), key: 'status', width: 10 },
      { header: h('abandoned'), key: 'abandoned', width: 6 },
      { header: h('rings'), key: 'rings', width: 8 },
      { header: h('wait'), key: 'wait', width: 9 },
      { header: h('talk'), key: 'talk', width: 9 },
      { header: h('hold'), key: 'hold', width: 9 },
      { header: h('wrapUp'), key: 'wrapUp', width: 9 },
      { header: h('endedBy'), key: 'endedBy', width: 9 },
      { header: h('night'), key: 'night', width: 6 },
      { header: h('qaScore'), key: 'qaScore', width: 9 },
    ],
    row: (c, timeZone) => ({
      ringingAt: localCell(c.ringingAt, timeZone),
      from: c.from ?? '',
      queue: c.queue ?? '',
      agentNo: c.agentNo ?? '',
      agentName: c.agentName ?? '',
      status: labelOf(callStatusLabels, c.status, lang),
      abandoned: yes(c.abandoned),
      rings: c.rings,
      wait: sec(c.waitMs),
      talk: sec(c.talkMs),
      hold: sec(c.holdMs),
      wrapUp: sec(c.wrapUpMs),
      endedBy: labelOf(endedByLabels, c.endedBy, lang),
      night: yes(c.night),
      qaScore: c.qaScore ?? null,
    }),
  });
}
