/**
 * schema.ts (the Kysely types every query is checked against) is written by hand next to the SQL migrations.
 * This test migrates a fresh database and compares the two: every table and column the types declare exists,
 * every column of those tables is declared, and a column the database lets be null is typed with `null` (and
 * one it never lets be null is not). The types are read with the TypeScript checker, so aliases, `Generated`
 * and `ColumnType` count as Kysely reads them (the select type).
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.js';
import type { Database } from './database.js';

type Nullability = 'null' | 'not null' | 'any';

/** Table → column → whether its select type admits null, from schema.ts's `DB` interface. */
function declaredTables(): Map<string, Map<string, Nullability>> {
  const file = fileURLToPath(new URL('./schema.ts', import.meta.url));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const db = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'DB')!;
  const out = new Map<string, Map<string, Nullability>>();
  for (const table of checker.getDeclaredTypeOfSymbol(db).getProperties()) {
    const columns = new Map<string, Nullability>();
    for (const column of checker.getTypeOfSymbolAtLocation(table, source).getProperties()) {
      let type = checker.getTypeOfSymbolAtLocation(column, source);
      const select = type.getProperty('__select__'); // ColumnType<Select, Insert, Update> and Generated<T>
      if (select) type = checker.getTypeOfSymbolAtLocation(select, source);
      const parts = type.isUnion() ? type.types : [type];
      const nullability: Nullability = parts.some((t) => t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any))
        ? 'any'
        : parts.some((t) => t.flags & ts.TypeFlags.Null)
          ? 'null'
          : 'not null';
      columns.set(column.name, nullability);
    }
    out.set(table.name, columns);
  }
  return out;
}

const rawSqlOnly = [
  'kpi_agent_dirty_bins',
  'kpi_agent_time_day_rollup',
  'kpi_agent_time_rollup',
  'kpi_call_day_rollup',
  'kpi_call_rollup',
  'kpi_dirty_bins',
  'kpi_dirty_tickets',
  'kpi_qa_day_rollup',
  'kpi_qa_dirty_bins',
  'kpi_qa_rollup',
  'kpi_ticket_day_rollup',
  'kpi_ticket_facts',
  'kpi_ticket_rollup',
  'report_settings',
  'retention_settings',
  'wallboard_settings',
];

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('schema.ts against the migrated database', () => {
  it('declares the tables and columns the migrations create, null where the database allows null', async () => {
    const declared = declaredTables();
    expect(declared.size).toBeGreaterThan(30);
    // the checker resolved the types (an unresolved Kysely import would make every column `any`): only JSON columns are
    const kinds = [...declared.values()].flatMap((c) => [...c.values()]);
    expect(kinds.filter((k) => k === 'null').length).toBeGreaterThan(50);
    expect(kinds.filter((k) => k === 'any').length).toBeLessThan(kinds.length / 5);
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(database.db);
    const actual = new Map<string, Map<string, Nullability>>();
    for (const r of rows.rows) {
      const t = actual.get(r.table_name) ?? new Map<string, Nullability>();
      t.set(r.column_name, r.is_nullable === 'YES' ? 'null' : 'not null');
      actual.set(r.table_name, t);
    }

    const problems: string[] = [];
    for (const [table, columns] of declared) {
      const real = actual.get(table);
      if (!real) {
        problems.push(`${table}: declared, but no migration creates it`);
        continue;
      }
      for (const [column, nullability] of columns) {
        const db = real.get(column);
        if (!db) problems.push(`${table}.${column}: declared, but the table has no such column`);
        else if (nullability !== 'any' && nullability !== db) problems.push(`${table}.${column}: the database says ${db}, the type says ${nullability}`);
      }
      for (const column of real.keys()) if (!columns.has(column)) problems.push(`${table}.${column}: in the database, missing from schema.ts`);
    }
    expect(problems).toEqual([]);
    // Tables only raw SQL reaches (the report rollups and settings rows): not checked by the types at all. The list
    // only shrinks — a new table is declared in schema.ts, or this test fails.
    expect([...actual.keys()].filter((t) => !declared.has(t)).sort()).toEqual(rawSqlOnly);
  });
});
