// Loads pack-worker.ts in a thread of a process that runs the TypeScript sources (tsx, vitest).
// The built server starts dist/server/modules/standards/pack-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./pack-worker.ts');
