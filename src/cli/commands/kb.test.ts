import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { usingPostgres } from '../../../test/helpers/db.js';
import { fileNameFor, parseArticleFile } from './kb.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-kb-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { REXIAN_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

function write(folder: string, files: Record<string, string>): string {
  const p = path.join(dir, folder);
  fs.mkdirSync(p, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(p, name), text);
  return p;
}

describe('Markdown files with front matter', () => {
  it('reads title, tags, scenarios and status; the title falls back to the first heading, then the file name', () => {
    const a = parseArticleFile('a.md', '---\ntitle: 停水怎么办\ntags: [供水, 停水]\nscenarios: gov.help-request\nstatus: draft\n---\n## 先问地址\n\n- 小区\n');
    expect(a).toMatchObject({ title: '停水怎么办', tags: ['供水', '停水'], scenarioIds: ['gov.help-request'], status: 'draft', body: '## 先问地址\n\n- 小区\n' });
    expect(parseArticleFile('b.md', '# 噪音扰民\n\n正文。\n')).toMatchObject({ title: '噪音扰民', body: '正文。\n', tags: [], scenarioIds: [] });
    expect(parseArticleFile('dir/社保转移.md', '正文。')).toMatchObject({ title: '社保转移' });
    expect(() => parseArticleFile('c.md', '---\ntitle: x\nauthor: 我\n---\n')).toThrow(/c\.md: unknown key\(s\) author/);
    expect(() => parseArticleFile('d.md', '---\ntitle: [\n---\n')).toThrow(/d\.md: the front matter is not valid YAML/);
    expect(() => parseArticleFile('e.md', '---\nid: 12\n---\n')).toThrow(/e\.md: id: expected the article id/);
    expect(fileNameFor('停水怎么办：计划停水/突发停水', '3f0c1234-aaaa')).toBe('停水怎么办-计划停水-突发停水-3f0c1234.md');
  });
});

describe.skipIf(usingPostgres())('rexian kb import / export', () => {
  it('imports a folder, exports it, and a second import of the export changes nothing', { timeout: 180_000 }, async () => {
    expect((await runCli(['org', 'add', '--slug', 'water', '--name', '市水务热线'], { env })).code).toBe(0);
    const src = write('src', {
      'noise.md': '---\ntitle: 社區噪音擾民怎麼辦\ntags: [噪音, 扰民]\n---\n## 先確認噪音來源\n\n- 裝修\n- 工地\n',
      'water.md': '# 停水怎么办\n\n先问清地址和开始时间。\n',
    });
    const imported = await runCli(['kb', 'import', src, '--org', 'water'], { env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^created\s+社區噪音擾民怎麼辦 \(noise\.md\)$/m);
    expect(imported.stdout).toMatch(/^water: 2 created, 0 updated, 0 unchanged$/m);

    const out = path.join(dir, 'out');
    const exported = await runCli(['kb', 'export', out, '--org', 'water'], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`wrote 2 article(s) of water to ${out}`);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual([expect.stringMatching(/^停水怎么办-[0-9a-f]{8}\.md$/), expect.stringMatching(/^社區噪音擾民怎麼辦-[0-9a-f]{8}\.md$/)]);
    const noise = fs.readFileSync(path.join(out, files[1]!), 'utf8');
    expect(noise).toMatch(/^---\ntitle: 社區噪音擾民怎麼辦\ntags: \[噪音, 扰民\]\nscenarios: \[\]\nstatus: published\nid: [0-9a-f-]{36}\n---\n\n## 先確認噪音來源\n/);

    // edit one exported file: the import updates that article (by id) and leaves the other alone
    fs.writeFileSync(path.join(out, files[0]!), fs.readFileSync(path.join(out, files[0]!), 'utf8').replace('先问清地址', '先问清详细地址'));
    const again = await runCli(['kb', 'import', out, '--org', 'water'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^water: 0 created, 1 updated, 1 unchanged$/m);
  });

  it('refuses malformed files without importing any, and names unknown organisations', { timeout: 120_000 }, async () => {
    const bad = write('bad', { 'ok.md': '# 可以\n\n正文\n', 'broken.md': '---\ntitle: 坏的\nstatus: 已发布\n---\n正文\n' });
    const r = await runCli(['kb', 'import', bad, '--org', 'water'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(bad, 'broken.md')}: status: expected draft, published or archived`);
    expect(r.stderr).toContain('nothing imported: 1 file(s) to fix');
    const noOrg = await runCli(['kb', 'export', path.join(dir, 'x'), '--org', 'nope'], { env });
    expect(noOrg.code).not.toBe(0);
    expect(noOrg.stderr).toMatch(/no organisation "nope"/);
  });
});
