// The embedded database's own thread (see pglite-thread.ts): owns the PGlite instance and runs
// what the server's thread sends it, one statement at a time, as PGlite does.
import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromDb, ToDb } from './pglite-thread.js';

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | undefined };
const send = (m: FromDb) => port.postMessage(m);

/** The fields of a PostgreSQL error that callers read (SQLSTATE, constraint …); an Error loses them in a message. */
function errorOf(err: unknown): Extract<FromDb, { error: unknown }>['error'] {
  const e = err as Record<string, unknown> & { message?: string };
  const out: Record<string, unknown> = { message: String(e?.message ?? err) };
  for (const k of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position', 'where']) if (e?.[k] !== undefined) out[k] = e[k];
  return out as Extract<FromDb, { error: unknown }>['error'];
}

let db: PGlite;
try {
  db = await PGlite.create(dataDir);
  send({ id: 0, ok: null });
} catch (err) {
  send({ id: 0, error: errorOf(err) });
  process.exit(1);
}

const unlisten = new Map<string, () => Promise<void>>();

port.on('message', (m: ToDb) => {
  const run = async (): Promise<unknown> => {
    switch (m.op) {
      case 'query': {
        const r = await db.query(m.sql, m.params);
        return { rows: r.rows, affectedRows: r.affectedRows };
      }
      case 'exec': {
        const r = (await db.exec(m.sql)).at(-1);
        return { rows: r?.rows ?? [], affectedRows: r?.affectedRows ?? 0 };
      }
      case 'listen':
        if (!unlisten.has(m.channel)) unlisten.set(m.channel, await db.listen(m.channel, (payload) => send({ notify: m.channel, payload })));
        return null;
      case 'unlisten':
        await unlisten.get(m.channel)?.();
        unlisten.delete(m.channel);
        return null;
      case 'close':
        await db.close();
        return null;
    }
  };
  run().then(
    (ok) => send({ id: m.id, ok }),
    (err: unknown) => send({ id: m.id, error: errorOf(err) }),
  );
});
