/**
 * One process at a time on an embedded (PGlite) data directory. PGlite has no server to share:
 * two processes opening the same files — a running `rexian serve` and a CLI command — would each
 * cache and write them on their own, and the second one reads a database the first is changing.
 * The first to open writes `rexian.lock` with its process id (created exclusively, so two cannot
 * both win); the others are refused while that process is alive. A lock left by a process that
 * has died (a crash, kill -9) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid} (a running rexian server?): stop it first, ` +
        'or run this command against a PostgreSQL server with DATABASE_URL',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Locks held by this process, counted: tests open the same directory again after closing it, or twice. */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

/** Takes the lock of `dataDir` (throws DataDirLockedError if another live process has it) and returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(path.resolve(dataDir), 'rexian.lock');
  const count = held.get(file) ?? 0;
  if (count === 0) {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
        const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
        // our own pid in a file we do not hold is a previous life of this process id (a restarted container)
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirLockedError(path.resolve(dataDir), pid);
        fs.rmSync(file, { force: true });
      }
    }
  }
  held.set(file, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(file) ?? 1) - 1;
    if (left > 0) held.set(file, left);
    else {
      held.delete(file);
      fs.rmSync(file, { force: true });
    }
  };
}
