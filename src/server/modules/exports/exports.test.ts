import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEvents, createConnection, postEvents, postTranscripts } from '../../../../test/helpers/cti.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';
import { allJobs } from '../../jobs/index.js';
import { Worker } from '../../jobs/runner.js';

// 09:04 in Shanghai is 01:04 UTC: the exports must say 09:04, as the pages do.
const now = new Date('2025-09-30T09:04:00+08:00');
let server: TestServer;
let manager = '';
let timeZone = '';
let ticket: { id: string; number: string; createdAt: string };

const fixture = path.resolve(import.meta.dirname, '../../../shared/qa/fixtures/hangup.agent-first.v1.json');

/** The wall time the pages show for an instant (Intl in the organisation's zone, as formatTime does), with seconds. */
const shown = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
/** What an Excel date cell shows (Excel has no zone: the cell's fields are the wall time). */
const cellTime = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : `not a date: ${String(v)}`);

async function sheet(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: manager, ...headers } });
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return { name: ws.name, header, rows };
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now, demoPack: true });
  manager = await server.login('manager');
  const agent = await server.login('agent');
  timeZone = ((await server.request('/api/sla/coverage', { cookie: manager })).body as { timezone: string }).timezone;
  const r = await server.request('/api/tickets', { method: 'POST', cookie: agent, json: { ...helpTicket, priority: 'p2' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  ticket = r.body as typeof ticket;
  expect((await server.request('/api/tickets', { method: 'POST', cookie: agent, json: helpTicket })).status).toBe(201);

  const admin = await server.login('admin');
  const { token } = await createConnection(server, admin);
  const posted = await postEvents(server, token, callEvents({ callId: 'exp-1', start: now, endedBy: 'agent', agentNo: '1024' }));
  expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);

  const qa = await postTranscripts(server, token, JSON.parse(fs.readFileSync(fixture, 'utf8')));
  expect(qa.status).toBe(202);
  await new Worker({ db: server.database.db, jobs: allJobs, log: pino({ level: 'silent' }), pollMs: 50 }).drain();
});
afterAll(() => server.close());

describe('Excel exports ready to hand in', () => {
  it('tickets: local time as on the page, labels of the pack and of the requested language (zh-CN and en)', async () => {
    expect(timeZone).toBe('Asia/Shanghai');
    const pack = (await server.request('/api/standards/versions/active', { cookie: manager })).body as { content: { categories: Array<{ id: string; name: string; subCategories: Array<{ id: string; name: string }> }>; priorities: Array<{ id: string; name: string }> } };
    const help = pack.content.categories.find((c) => c.id === 'help')!;
    const p2 = pack.content.priorities.find((p) => p.id === 'p2')!;

    const zh = await sheet('/api/tickets.xlsx?lang=zh-CN');
    expect(zh.name).toBe('工单');
    const zrow = zh.rows.find((r) => r['工单编号'] === ticket.number)!;
    expect(cellTime(zrow['受理时间'])).toBe(shown(ticket.createdAt));
    expect(cellTime(zrow['受理时间'])).toBe('2025-09-30 09:04:00');
    expect(zrow).toMatchObject({ 渠道: '电话', 分类: help.name, 子类: help.subCategories.find((s) => s.id === 'utilities')!.name, 优先级: p2.name, 状态: expect.not.stringMatching(/[a-z]/) });

    const en = await sheet('/api/tickets.xlsx?lang=en');
    expect(en.name).toBe('Tickets');
    expect(en.header).toEqual(['Ticket no.', 'Taken at', 'Channel', 'Caller', 'Phone', 'Category', 'Sub-category', 'Priority', 'Title', 'Department', 'Status', 'Supervised', 'Overdue', 'Next due', 'Satisfaction']);
    const erow = en.rows.find((r) => r['Ticket no.'] === ticket.number)!;
    expect(cellTime(erow['Taken at'])).toBe('2025-09-30 09:04:00');
    expect(erow).toMatchObject({ Channel: 'Phone', Category: help.name, Priority: p2.name });
    expect(String(erow.Status)).not.toBe(String(zrow['状态']));

    // no lang: the browser's Accept-Language
    expect((await sheet('/api/tickets.xlsx', { 'accept-language': 'en-GB,en;q=0.9' })).name).toBe('Tickets');
    expect((await sheet('/api/tickets.xlsx', { 'accept-language': 'zh-TW,zh;q=0.9' })).name).toBe('工單');
  });

  it('calls: local ringing time, state and who hung up in words', async () => {
    const zh = await sheet('/api/calls/export.xlsx?lang=zh-CN');
    expect(zh.rows).toHaveLength(1);
    expect(cellTime(zh.rows[0]!['振铃时间'])).toBe('2025-09-30 09:04:00');
    expect(zh.rows[0]).toMatchObject({ 状态: '已结束', 挂机方: '坐席', 工号: '1024' });
    const en = await sheet('/api/calls/export.xlsx?lang=en');
    expect(cellTime(en.rows[0]!['Ringing at'])).toBe('2025-09-30 09:04:00');
    expect(en.rows[0]).toMatchObject({ Status: 'Ended', 'Hung up by': 'Agent' });
  });

  it('QA results: local start time and the checks by name', async () => {
    const all = (await sheet('/api/qa/results.xlsx?lang=zh-CN')).rows;
    // no check is written as its id in Chinese, the pack's own rules included
    for (const r of all) expect(String(r['违规项'] ?? '')).not.toMatch(/[a-z]/i);
    const zh = all.find((r) => r['通话编号'] === 'hangup.agent-first.v1')!;
    expect(cellTime(zh['开始时间'])).toBe('2026-03-02 09:15:00');
    expect(zh['违规项']).toBe('坐席先挂机');
    const en = await sheet('/api/qa/results.xlsx?lang=en');
    expect(en.rows.find((r) => r['Call ID'] === 'hangup.agent-first.v1')!.Findings).toBe('Agent hung up first');
    expect(en.header[0]).toBe('Call ID');
  });

  it('refuses above the row limit with a clear error instead of cutting the list', async () => {
    const all = (await server.request('/api/tickets?limit=1', { cookie: manager })).body as { total: number };
    process.env.REXIAN_EXPORT_MAX_ROWS = String(all.total - 1);
    try {
      const zh = await server.request('/api/tickets.xlsx?lang=zh-CN', { cookie: manager });
      expect(zh.status).toBe(422);
      const body = zh.body as { error: { code: string; message: string } } & { code?: string; message?: string };
      const err = body.error ?? body;
      expect(err.code).toBe('EXPORT_TOO_LARGE');
      expect(err.message).toContain(`${all.total} 条`);
      expect(err.message).toContain(`最多导出 ${all.total - 1} 条`);
      const en = await server.request('/api/tickets.xlsx?lang=en', { cookie: manager });
      expect(JSON.stringify(en.body)).toContain(`${all.total} rows match`);
    } finally {
      delete process.env.REXIAN_EXPORT_MAX_ROWS;
    }
    expect((await server.request('/api/tickets.xlsx?lang=zh-CN', { cookie: manager })).status).toBe(200);
  });
});
