import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn {
  header: string;
  key: string;
  width: number;
}

/** Sends rows as a one-sheet Excel file with a bold header row — every list export goes through here. */
export async function sendXlsx(reply: FastifyReply, file: { filename: string; sheet: string; columns: XlsxColumn[]; rows: Array<Record<string, unknown>> }) {
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
