import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

const fixtures = 'src/shared/qa/fixtures';

describe('rexian qa', () => {
  it('prints a table of the calls', async () => {
    const r = await runCli(['qa', `${fixtures}/ok.simple.json`, `${fixtures}/taboo.phrase.v2.json`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+score\s+fatal\s+checks violated$/);
    expect(lines[1]).toMatch(/^ok\.simple\s+100\s+no\s+-$/);
    expect(lines[2]).toMatch(/^taboo\.phrase\.v2\s+0\s+yes\s+taboo\.phrase$/);
  });

  it('--json prints exactly one JSON object per call per line', async () => {
    const r = await runCli(['qa', '--json', `${fixtures}/greeting.incomplete.v1.json`, `${fixtures}/ok.traditional.json`]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs[0]).toEqual({
      id: 'greeting.incomplete.v1',
      score: 85,
      fatal: false,
      violations: [{ check: 'greeting.incomplete', segment: 0, at: 200, evidence: '您好，星河电器，很高兴为您服务。' }],
    });
    expect(objs[1]).toEqual({ id: 'ok.traditional', score: 100, fatal: false, violations: [] });
  });

  it('reports a bad file in one line, still checks the others, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rexian-qa-'));
    copyFileSync(`${fixtures}/ok.simple.json`, join(dir, 'a.json'));
    writeFileSync(join(dir, 'b.json'), '{"id": "x", ');
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ id: 'c', agent: { id: '1' }, startedAt: '2026-03-02T09:15:00+08:00', segments: [{ speaker: 'agent', start: 0, end: 'x', text: '' }] }));
    copyFileSync(`${fixtures}/closing.no-offer.v1.json`, join(dir, 'd.json'));
    const r = await runCli(['qa', '--json', dir]);
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(out).toEqual(['ok.simple', 'closing.no-offer.v1']);
    const err = r.stderr.trimEnd().split('\n');
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(new RegExp(`^rexian: .*b\\.json: not valid JSON`));
    expect(err[1]).toBe(`rexian: ${join(dir, 'c.json')}: segments[0].end: expected a number`);
  });

  it('reads Amazon Transcribe exports with --format amazon', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rexian-qa-'));
    const file = join(dir, 'job.json');
    writeFileSync(
      file,
      JSON.stringify({
        JobName: 'job-1',
        Transcript: [
          { ParticipantRole: 'AGENT', BeginOffsetMillis: 100, EndOffsetMillis: 3000, Content: '您好，很高兴为您服务。' },
          { ParticipantRole: 'CUSTOMER', BeginOffsetMillis: 3200, EndOffsetMillis: 5000, Content: '我想查话费。' },
          { ParticipantRole: 'AGENT', BeginOffsetMillis: 5200, EndOffsetMillis: 9000, Content: '您本月话费是八十元，还有什么可以帮您？' },
          { ParticipantRole: 'CUSTOMER', BeginOffsetMillis: 9200, EndOffsetMillis: 10000, Content: '没有了。' },
          { ParticipantRole: 'AGENT', BeginOffsetMillis: 10200, EndOffsetMillis: 12000, Content: '感谢来电，再见。' },
        ],
      }),
    );
    const r = await runCli(['qa', '--json', '--format', 'amazon', file]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ id: 'job-1', score: 100, fatal: false, violations: [] });
  });

  it('rejects a missing argument as a usage error', async () => {
    const r = await runCli(['qa']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
  });
});
