/**
 * What the Excel exports of tickets, calls and QA results share: the requester's language, the organisation's
 * local time, paging through the rows while they are streamed, the row limit (refused with a clear error, never a
 * silent cut) and the audit row.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { offsetMs } from '../../../shared/calendar/zone.js';
import { exportLanguage, exportLanguages, type ExportLanguage } from '../../../shared/exports/labels.js';
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import { sendXlsxStream, type XlsxColumn } from '../../http/xlsx.js';
import { recordAudit } from '../audit/audit.repo.js';
import { reportTimeZone } from '../reports/reports.service.js';

/** The most rows one export writes (REXIAN_EXPORT_MAX_ROWS, default 100,000); above it the request is refused with EXPORT_TOO_LARGE. */
export const exportRowLimit = (): number => {
  const n = Number(process.env.REXIAN_EXPORT_MAX_ROWS);
  return Number.isInteger(n) && n > 0 ? n : 100_000;
};
/** Rows read from the database at a time while the file is written. */
export const EXPORT_PAGE = 1_000;

export const langQuery = z.enum(exportLanguages).optional().describe("language of the headers and labels; default the request's Accept-Language, else zh-CN");

export const languageOf = (lang: string | undefined, headers: Record<string, string | string[] | undefined>): ExportLanguage => {
  const accept = headers['accept-language'];
  return exportLanguage(lang, Array.isArray(accept) ? accept[0] : accept);
};

/** The organisation's time zone: its calendar's, as reports count days. */
export const orgTimeZone = (ctx: Ctx): Promise<string> => reportTimeZone(ctx);

/**
 * The instant as the organisation's wall clock, for an Excel date cell: Excel has no time zones, so the cell holds
 * the local date and time (09:04 in Beijing is written 09:04, not 01:04).
 */
export function localCell(iso: string | Date | null | undefined, timeZone: string): Date | '' {
  if (iso === null || iso === undefined || iso === '') return '';
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + offsetMs(ms, timeZone));
}

/** A column of local date-times, shown as 2026-12-05 09:04:00. */
export const timeColumn = (header: string, key: string): XlsxColumn => ({ header, key, width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } }) as XlsxColumn;

const tooLarge: Record<ExportLanguage, (n: number, max: number) => string> = {
  'zh-CN': (n, max) => `符合条件的记录有 ${n} 条，一次最多导出 ${max} 条：请缩小筛选范围（例如缩短时间段）后分批导出。`,
  'zh-TW': (n, max) => `符合條件的紀錄有 ${n} 筆，一次最多匯出 ${max} 筆：請縮小篩選範圍（例如縮短時間區間）後分批匯出。`,
  en: (n, max) => `${n} rows match and one export holds at most ${max}: narrow the filter (for example a shorter period) and export in parts.`,
};

/** Refuses an export of more than the row limit, saying how many rows there are and what to do. */
export function refuseAboveLimit(total: number, lang: ExportLanguage, limit = exportRowLimit()): void {
  if (total > limit) fail('EXPORT_TOO_LARGE', tooLarge[lang](total, limit), { rows: total, limit });
}

/**
 * Every row of a list read page by page: the first page (already read, to know the total) and then the next ones
 * as the writer asks for them, so the whole list is never held in memory.
 */
export async function* allRows<T>(first: T[], total: number, page: (offset: number) => Promise<T[]>): AsyncGenerator<T> {
  yield* first;
  for (let offset = first.length; offset < total && first.length > 0; ) {
    const next = await page(offset);
    if (next.length === 0) return;
    yield* next;
    offset += next.length;
  }
}

/** Who exported what: an audit row `<entityType>.export` with the filter and the number of rows. */
export async function auditExport(ctx: Ctx, entityType: string, filter: Record<string, unknown>, rows: number): Promise<void> {
  const given = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  await recordAudit(ctx.db, ctx, { action: `${entityType}.export`, entityType, entityId: ctx.orgId, after: { filter: given, rows } });
}

/** One list export: its audit name and filter, its sheet, how to read a page of it, and its columns and rows. */
export interface ListExport<T> {
  /** The audit row's entity type (`tickets`, `calls`, `qa_results`). */
  entityType: string;
  /** The filter the audit row records (undefined values are left out). */
  filter: Record<string, unknown>;
  lang: ExportLanguage;
  /** Sheet name, also the file name. */
  sheet: string;
  /** One page of the list, with the total of the whole list. */
  page: (page: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>;
  columns: XlsxColumn[];
  /** One item as a row, times in the organisation's zone (`localCell`). */
  row: (item: T, timeZone: string) => Record<string, unknown>;
}

/**
 * A list as a streamed one-sheet Excel file — the ticket, call and QA exports all go through here: the first page
 * gives the total (refused above the row limit before anything is written), the export is audited, and the
 * other pages are read as the file is written.
 */
export async function exportList<T>(ctx: Ctx, reply: FastifyReply, spec: ListExport<T>) {
  const page = (offset: number) => spec.page({ limit: EXPORT_PAGE, offset });
  const [first, timeZone] = await Promise.all([page(0), orgTimeZone(ctx)]);
  refuseAboveLimit(first.total, spec.lang);
  await auditExport(ctx, spec.entityType, spec.filter, first.total);
  const items = allRows(first.items, first.total, async (offset) => (await page(offset)).items);
  const rows = (async function* () {
    for await (const item of items) yield spec.row(item, timeZone);
  })();
  return sendXlsxStream(reply, { filename: `${spec.sheet}.xlsx`, sheets: [{ name: spec.sheet, columns: spec.columns, rows }] });
}
