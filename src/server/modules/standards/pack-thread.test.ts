import { describe, expect, it } from 'vitest';
import { validatePackFiles } from '../../../shared/standards/validate.js';
import { validatePackFilesInThread } from './pack-thread.js';
import { readPackFiles } from './standards.loader.js';

describe('validating a pack in a thread', () => {
  it('gives the same result as in the process for the built-in packs', async () => {
    for (const dir of ['standards/general', 'standards/government-12345']) {
      const files = await readPackFiles(dir);
      const inThread = await validatePackFilesInThread(files);
      expect(inThread.ok).toBe(true);
      expect(inThread).toEqual(validatePackFiles(files));
    }
  }, 60_000);

  it('answers with an error, not a stalled server, when the check runs out of time or memory', async () => {
    const files = await readPackFiles('standards/general');
    const slow = await validatePackFilesInThread(files, { timeoutMs: 1, maxOldGenerationSizeMb: 256 });
    expect(slow.ok).toBe(false);
    expect(!slow.ok && slow.errors[0]!.message).toMatch(/took longer than/);
    // a wide flow sequence within the size limit: parsed in the thread, refused by the value budget
    const wide = `a: [${Array(300_000).fill('1').join(',')}]`;
    const started = performance.now();
    const r = await validatePackFilesInThread([{ name: 'pack.yaml', text: wide }]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.message).join()).toMatch(/more than 100000 values|could not be checked/);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});
