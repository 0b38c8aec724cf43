import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWarnings } from '../../../shared/standards/warnings.js';
import { loadPack } from '../standards/standards.loader.js';
import { startTestServer, type TestServer } from '../../../../test/helpers/server.js';
import { helpTicket } from '../../../../test/helpers/tickets.js';

// Which tickets are complaints is the pack's word (a category's `complaint`), not the category's id.
let server: TestServer;
const cookies: Record<string, string> = {};

interface Category { id: string; name: string; complaint?: boolean; [k: string]: unknown }

beforeAll(async () => {
  server = await startTestServer({ demoPack: true });
  for (const u of ['admin', 'agent']) cookies[u] = await server.login(u);
  const active = (await server.request('/api/standards/versions/active', { cookie: cookies.admin })).body as { content: { categories: Category[] } & Record<string, unknown> };
  const categories = active.content.categories.map((c) => (c.id === 'complaint' ? { ...c, complaint: false } : c));
  const help = categories.find((c) => c.id === 'help')!;
  categories.push({ ...help, id: 'grievance', name: '申诉', complaint: true });
  const r = await server.request('/api/standards/versions', { method: 'POST', cookie: cookies.admin, json: { pack: { ...active.content, categories }, note: '申诉算投诉，投诉类不算', activate: true } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}, 60_000);
afterAll(() => server?.close());

const take = async (category: string) => {
  const r = await server.request('/api/tickets', { method: 'POST', cookie: cookies.agent, json: { ...helpTicket, category, subCategory: category === 'complaint' ? 'market' : 'utilities', fields: { 'caller-demand': '尽快处理', subject: '某单位', 'contact-phone': '13812345678' } } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (await server.request(`/api/tickets/${(r.body as { id: string }).id}`, { cookie: cookies.agent })).body as { category: string; complained: boolean };
};

describe('complaint categories come from the pack', () => {
  it('a category marked complaint: true makes its tickets complained-about, whatever its id; complaint: false does not', async () => {
    expect(await take('grievance')).toMatchObject({ category: 'grievance', complained: true });
    expect(await take('help')).toMatchObject({ category: 'help', complained: false });
    expect(await take('complaint')).toMatchObject({ category: 'complaint', complained: false });
  });

  it('the shipped packs say it, so no pack relies on the id', async () => {
    for (const dir of ['government-12345', 'utility', 'telecom', 'general']) {
      const { pack } = await loadPack(`standards/${dir}`);
      expect(pack.categories.filter((c) => c.complaint === true).map((c) => c.id), dir).toEqual(['complaint']);
      expect(packWarnings(pack).filter((w) => w.message.includes('complaint: true')), dir).toEqual([]);
    }
  });
});
