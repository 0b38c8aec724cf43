/**
 * Standard packs uploaded through the API are parsed and validated in a worker thread with a
 * memory cap and a time limit. The limits of validate.ts (size, expanded values) already stop a
 * YAML bomb in a fraction of a second; the thread makes sure that whatever slips past them — a
 * pathological document the YAML parser is slow on — stalls neither the calls nor the other
 * hotlines served by this process, and cannot take the process down by running out of memory.
 */
import { Worker } from 'node:worker_threads';
import type { PackFile, PackResult } from '../../../shared/standards/validate.js';

export const packThreadLimits = { timeoutMs: 10_000, maxOldGenerationSizeMb: 256 } as const;

const refused = (files: readonly PackFile[], why: string): PackResult => ({
  ok: false,
  errors: [{ file: files[0]?.name ?? '(pack)', line: 0, column: 0, path: '', message: `the pack could not be checked: ${why}` }],
  warnings: [],
});

export function validatePackFilesInThread(files: readonly PackFile[], limits: { timeoutMs: number; maxOldGenerationSizeMb: number } = packThreadLimits): Promise<PackResult> {
  const here = import.meta.url;
  // From the TypeScript sources (tsx, vitest) the thread loads through tsx; built, it is plain JS.
  const entry = here.endsWith('.ts') ? new URL('./pack-worker-dev.mjs', here) : new URL('./pack-worker.js', here);
  const worker = new Worker(entry, { workerData: { files }, resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb } });
  return new Promise<PackResult>((resolve) => {
    let done = false;
    const finish = (r: PackResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(refused(files, `it took longer than ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
    worker.once('message', (r: PackResult) => finish(r));
    worker.once('error', (err: Error & { code?: string }) =>
      finish(refused(files, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it needs more than ${limits.maxOldGenerationSizeMb} MB` : err.message)),
    );
    worker.once('exit', (code) => finish(refused(files, `the checking thread stopped (exit code ${code})`)));
  });
}
