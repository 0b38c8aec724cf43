/**
 * Query keys come from one factory (src/web/queryKeys.ts): eslint.config.js refuses an array literal as a query key
 * anywhere else in src/web, so a mutation's invalidation names the same key as the query it means to refresh.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { keys } from '../src/web/queryKeys.js';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function flagged(filePath: string, code: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

const snippet = [
  "import { useQuery, useQueryClient } from '@tanstack/react-query';",
  "import { keys } from '../../queryKeys.js';",
  'export function useX(id: string) {',
  '  const qc = useQueryClient();',
  "  void qc.invalidateQueries({ queryKey: ['ticket', id] });", // 5: a literal
  "  qc.setQueryData(['me'], null);", // 6: a literal
  '  void qc.invalidateQueries({ queryKey: keys.ticket.one(id) });',
  '  qc.setQueryData(keys.me, null);',
  "  return useQuery({ queryKey: ['tickets', id], queryFn: () => 1 });", // 9: a literal
  '}',
  '',
].join('\n');

describe('query keys', () => {
  it('lint refuses an array literal as a query key in src/web, and allows it in the factory only', async () => {
    expect(await flagged('src/web/pages/tickets/x.tsx', snippet)).toEqual([5, 6, 9]);
    expect(await flagged('src/web/queryKeys.ts', snippet)).toEqual([]);
  });

  it('the factory keeps each resource under its own prefix, so invalidating the prefix reaches every query of it', () => {
    const id = 't-1';
    for (const k of [keys.ticket.one(id), keys.ticket.contacts(id), keys.ticket.arrival(id), keys.ticket.texts(id)]) expect(k.slice(0, 2)).toEqual(keys.ticket.one(id));
    for (const k of [keys.tickets.list('q', 1), keys.tickets.callbackTasks('callback'), keys.tickets.departmentStats('a', 'b'), keys.tickets.commitmentStats('a', 'b')])
      expect(k[0]).toBe(keys.tickets.all[0]);
    for (const k of [keys.sla.coverage, keys.sla.calendar]) expect(k[0]).toBe(keys.sla.all[0]);
    for (const k of [keys.agents.myState, keys.agents.board, keys.agents.stateLog('1001')]) expect(k[0]).toBe(keys.agents.all[0]);
    expect(keys.agents.stateLog('1001').slice(0, 2)).toEqual(keys.agents.stateLogs);
    for (const k of [keys.calls.list('', 1), keys.calls.one(id), keys.calls.pop(id)]) expect(k[0]).toBe(keys.calls.all[0]);
    expect(keys.callbacks.list('open')[0]).toBe(keys.callbacks.all[0]);
    for (const k of [keys.standards.active, keys.standards.versions, keys.standards.diff(1, 2)]) expect(k[0]).toBe(keys.standards.all[0]);
    for (const k of [keys.qa.results('', 1), keys.qa.trend(''), keys.qa.teams, keys.qa.calibration, keys.qa.card(id)]) expect(k[0]).toBe(keys.qa.all[0]);
    for (const k of [keys.knowledge.list({}), keys.knowledge.article(id), keys.knowledge.versions(id), keys.knowledge.suggest([], '', 5)]) expect(k[0]).toBe(keys.knowledge.all[0]);
  });
});
