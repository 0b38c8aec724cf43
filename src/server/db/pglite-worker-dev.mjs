// Loads pglite-worker.ts in a thread of a process that runs the TypeScript sources (tsx, vitest).
// The built server starts dist/server/db/pglite-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
