// Worker entry for bench/cti-server.ts: registers tsx in this thread, then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./cti-server.ts');
