/**
 * Imported first by main.tsx. The server's Content-Security-Policy allows no eval; zod would
 * otherwise probe for it with `new Function('')` on its first parse (and the browser would report
 * a violation each time the app loads). Without the probe zod parses the same, without compiling.
 */
import { z } from 'zod';

z.config({ jitless: true });
