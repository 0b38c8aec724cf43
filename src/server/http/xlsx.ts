import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Ctx } from '../context.js';
import { recordAudit } from '../modules/audit/audit.repo.js';

export interface XlsxColumn {
  header: string;
  key: string;
  width: number;
}

/** Who exported what: an audit row `<entityType>.export` with the filter and the number of rows. */
export interface ExportAudit {
  ctx: Ctx;
  entityType: string;
  filter: Record<string, unknown>;
}

/** Sends rows as a one-sheet Excel file with a bold header row — every list export goes through here. */
export async function sendXlsx(reply: FastifyReply, file: { filename: string; sheet: string; columns: XlsxColumn[]; rows: Array<Record<string, unknown>>; audit?: ExportAudit }) {
  if (file.audit) {
    const { ctx, entityType, filter } = file.audit;
    const given = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    await recordAudit(ctx.db, ctx, { action: `${entityType}.export`, entityType, entityId: ctx.orgId, after: { filter: given, rows: file.rows.length } });
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(file.sheet);
  ws.columns = file.columns;
  for (const row of file.rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  const buf = await wb.xlsx.writeBuffer();
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(Buffer.from(buf));
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  /** Written one by one as they come, so a long sheet is never held in memory whole. */
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;
}

/**
 * Streams a workbook of several sheets with exceljs' WorkbookWriter: each row is committed as it is written and the
 * bytes go to the client while later rows are still being made. Every row given is written (no row cap).
 */
export async function sendXlsxStream(reply: FastifyReply, file: { filename: string; sheets: XlsxSheet[] }) {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const written = (async () => {
    for (const sheet of file.sheets) {
      const ws = wb.addWorksheet(sheet.name);
      ws.columns = sheet.columns;
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for await (const row of sheet.rows) ws.addRow(row).commit();
      ws.commit();
    }
    await wb.commit();
  })();
  written.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_');
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  return reply.send(out);
}
