import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';

let server: TestServer;
let manager: string;
beforeAll(async () => {
  server = await startTestServer();
  manager = await server.login('manager');
});
afterAll(() => server.close());

/** 9 levels of 9 aliases each: 341 bytes that ask for 9^9 (387 million) strings. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n');
}

describe('a YAML bomb', () => {
  it('is refused with 422 PACK_INVALID within 2 s on both upload routes, and the server keeps answering', async () => {
    const text = billionLaughs();
    expect(text.length).toBeLessThan(400);
    for (const url of ['/api/standards/validate', '/api/standards/versions']) {
      const started = performance.now();
      const r = await server.request(url, { method: 'POST', cookie: manager, json: { files: [{ name: 'pack.yaml', text }] } });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(r.status).toBe(422);
      const body = r.body as { error: { code: string; details: { errors: Array<{ message: string }> } } };
      expect(body.error.code).toBe('PACK_INVALID');
      expect(body.error.details.errors.map((e) => e.message).join('\n')).toMatch(/expands to more than/);
    }
    const alive = await server.request('/api/standards/versions', { cookie: manager });
    expect(alive.status).toBe(200);
  });

  it('is refused when the text is over the size limit, before it is parsed', async () => {
    const text = `pack:\n  name: x\n# ${'x'.repeat(1_000_001)}\n`;
    const r = await server.request('/api/standards/validate', { method: 'POST', cookie: manager, json: { files: [{ name: 'a.yaml', text }, { name: 'b.yaml', text: 'x: 1' }] } });
    expect(r.status).toBe(400);
    expect((r.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const split = 'y'.repeat(600_000);
    const two = await server.request('/api/standards/validate', {
      method: 'POST',
      cookie: manager,
      json: { files: [{ name: 'a.yaml', text: `# ${split}` }, { name: 'b.yaml', text: `# ${split}` }] },
    });
    expect(two.status).toBe(422);
    expect(JSON.stringify(two.body)).toMatch(/at most 1000000 are accepted/);
  });

  it('is refused by `rexian standards check` with an error line, not a crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rexian-bomb-'));
    try {
      await writeFile(path.join(dir, 'pack.yaml'), billionLaughs());
      const started = performance.now();
      const r = await runCli(['standards', 'check', dir]);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/expands to more than 100000 values/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
