/**
 * The layout rules of eslint.config.js do what docs/ARCHITECTURE.md says ("Where these rules are enforced"):
 * each snippet is linted as if it were a file at that place, and the import rule must (or must not) fire.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message.split(' import is restricted')[0]!);
}

describe('lint guards the layout', () => {
  it('src/shared imports nothing from server, web or cli, and no Node built-ins', async () => {
    const code = "import { a } from '../../server/db/database.js';\nimport { b } from '../../web/api.js';\nimport { c } from '../../cli/errors.js';\nimport { d } from 'node:fs';\nimport { e } from '../qa/config.js';\nexport const x = [a, b, c, d, e];\n";
    expect(await restricted('src/shared/x/y.ts', code)).toEqual(["'../../server/db/database.js'", "'../../web/api.js'", "'../../cli/errors.js'", "'node:fs'"]);
    // the shared tests may read packs from disk with the server's loader
    expect(await restricted('src/shared/x/y.test.ts', code)).toEqual([]);
  });

  it('src/web takes only types from the server’s schemas', async () => {
    const code =
      "import type { A } from '../../../server/modules/qa/qa.schema.js';\nimport { resultRow } from '../../../server/modules/qa/qa.schema.js';\nimport { listResults } from '../../../server/modules/qa/qa.service.js';\nexport const x: [A, unknown, unknown] = [null as never, resultRow, listResults];\n";
    expect(await restricted('src/web/pages/qa/y.ts', code)).toEqual(["'../../../server/modules/qa/qa.schema.js'", "'../../../server/modules/qa/qa.service.js'"]);
  });

  it('modules talk through services; audit and events are shared; routes reach no repository', async () => {
    const code =
      "import { a } from '../tickets/tickets.repo.js';\nimport type { B } from '../qa/qa.repo.js';\nimport { recordAudit } from '../audit/audit.repo.js';\nimport { recordEvent } from '../events/events.repo.js';\nimport { c } from '../tickets/tickets.service.js';\nexport const x: [unknown, B?] = [[a, recordAudit, recordEvent, c]];\n";
    expect(await restricted('src/server/modules/knowledge/knowledge.other.ts', code)).toEqual(["'../tickets/tickets.repo.js'"]);
    expect(await restricted('src/server/modules/knowledge/knowledge.routes.ts', "import { a } from './knowledge.repo.js';\nexport const x = a;\n")).toEqual(["'./knowledge.repo.js'"]);
    expect(await restricted('src/server/modules/knowledge/knowledge.service.x.ts', "import { a } from './knowledge.repo.js';\nexport const x = a;\n")).toEqual([]);
    // no module is excepted any more: the last crossing (knowledge.service → standards.repo) reads the active pack through the standards module
    expect(await restricted('src/server/modules/knowledge/knowledge.service.ts', "import { findActive } from '../standards/standards.repo.js';\nexport const x = findActive;\n")).toEqual(["'../standards/standards.repo.js'"]);
  });

  it('a service writes no SQL: query builders and the sql template are refused, the unit of work is not', async () => {
    const code = [
      "import { sql } from 'kysely';", // 1: the sql template's import
      "import type { Db } from '../../db/database.js';",
      'export async function f(db: Db, id: string) {',
      "  await db.selectFrom('users').selectAll().where('id', '=', id).execute();", // 4
      "  await db.insertInto('users').values({} as never).execute();", // 5
      "  await db.updateTable('users').set({ active: false }).execute();", // 6
      "  await db.deleteFrom('sessions').where('user_id', '=', id).execute();", // 7
      "  await db.with('x', (q) => q.selectFrom('users').select('id')).selectFrom('x').selectAll().execute();", // 8, three times: with, the select inside it, the select from x
      '  await sql`select 1`.execute(db);', // 9
      '  await db.transaction().execute(async (tx) => tx);', // the unit of work: allowed
      '}',
      '',
    ].join('\n');
    const lines = async (filePath: string) => {
      const [result] = await eslint.lintText(code, { filePath });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.line);
    };
    expect(await lines('src/server/modules/knowledge/knowledge.service.ts')).toEqual([1, 4, 5, 6, 7, 8, 8, 8, 9]);
    // a repository holds the SQL
    expect(await lines('src/server/modules/knowledge/knowledge.repo.ts')).toEqual([]);
  });

  it('a pack is parsed, never cast to Pack', async () => {
    const code = "import type { Pack } from '../../../shared/standards/schema.js';\nexport const p = JSON.parse('{}') as Pack;\nexport const q: Pack[] = [];\n";
    for (const filePath of ['src/server/modules/knowledge/y.ts', 'src/web/pages/y.ts', 'test/y.test.ts']) {
      const [result] = await eslint.lintText(code, { filePath });
      expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)).toEqual([2]);
    }
  });

  it('server code imports nothing from the browser app or the CLI', async () => {
    expect(await restricted('src/server/http/y.ts', "import { a } from '../../web/api.js';\nimport { b } from '../../cli/errors.js';\nexport const x = [a, b];\n")).toEqual(["'../../web/api.js'", "'../../cli/errors.js'"]);
  });
});
