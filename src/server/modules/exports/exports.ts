/**
 * What the Excel exports of tickets, calls and QA results share: the requester's language, the organisation's
 * local time, paging through the rows while they are streamed, the row limit (refused with a clear error, never a
 * silent cut) and the audit row.
 */
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, offsetMs } from '../../../shared/calendar/zone.js';
import { exportLanguage, exportLanguages, type ExportLanguage } from '../../../shared/exports/labels.js';
import type { Ctx } from '../../context.js';
import { fail } from '../../http/errors.js';
import type { XlsxColumn } from '../../http/xlsx.js';
import { recordAudit } from '../audit/audit.repo.js';
import { timeZoneOf } from '../staffing/staffing.repo.js';

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

export async function orgTimeZone(ctx: Ctx): Promise<string> {
  return (await timeZoneOf(ctx.db, ctx.orgId)) ?? DEFAULT_TIME_ZONE;
}

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
