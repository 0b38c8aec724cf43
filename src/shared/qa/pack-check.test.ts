// The pack passes its own QA (issue 14 D): every script line of the default packs,
// spoken through the QA engine with the pack's configuration, draws no finding; a line
// that does is reported by `rexian standards check` as file:line: path: check: line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack, readPackFiles } from '../../server/modules/standards/standards.loader.js';
import { runCli } from '../../../test/helpers/cli.js';
import { checkPackScripts, locateLine, scriptLines } from './pack-check.js';

const packs = ['general', 'utility', 'telecom', 'government-12345'];

describe('the default packs pass their own QA', () => {
  it.each(packs)('%s: no script line draws a finding', async (id) => {
    const { pack } = await loadPack(`standards/${id}`);
    const lines = scriptLines(pack);
    // the greeting, the call rules' scripts, scenario steps, customer types, night mode
    expect(lines.length).toBeGreaterThan(50);
    for (const prefix of ['identity.greeting', 'callRules.', 'scenarios[', 'customerTypes[', 'nightMode.']) expect(lines.some((l) => l.path.startsWith(prefix)), prefix).toBe(true);
    expect(checkPackScripts(pack)).toEqual([]);
  });
});

describe('a pack whose script breaks its own QA', () => {
  it('is reported with file:line, the check and the line, and the command exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rexian-pack-'));
    try {
      // the pack and the shared base it includes (../_common), side by side as in standards/
      cpSync('standards/general', join(dir, 'general'), { recursive: true });
      cpSync('standards/_common', join(dir, '_common'), { recursive: true });
      const file = join(dir, '_common', 'common-scenarios.yaml');
      const text = readFileSync(file, 'utf8');
      // a promise without a time, and a taboo, in two scenario scripts
      const bad = text.replace(/script: [^\n]*\n/, 'script: 这个问题我需要核实，核实后给您回电。\n').replace(/(script: [^\n]*\n[\s\S]*?)script: [^\n]*\n/, '$1script: 这个我不清楚，你去问别人吧。\n');
      expect(bad).not.toBe(text);
      writeFileSync(file, bad);
      const { pack } = await loadPack(join(dir, 'general'));
      const findings = checkPackScripts(pack);
      // (the taboo line is also a forbidden phrasing of a scenario, counted once, as the taboo)
      expect(findings.map((f) => f.check).sort()).toEqual(['commitment.no-deadline', 'taboo.phrase']);
      const files = await readPackFiles(join(dir, 'general'));
      const deferral = findings.find((f) => f.check === 'commitment.no-deadline')!;
      const at = locateLine(files, deferral);
      expect(at.file.endsWith('_common/common-scenarios.yaml')).toBe(true);
      expect(bad.split('\n')[at.line - 1]).toContain('这个问题我需要核实，核实后给您回电。');

      const r = await runCli(['standards', 'check', join(dir, 'general')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`common-scenarios\\.yaml:${at.line}: scenarios\\[\\d+\\]\\.steps\\[\\d+\\]\\.script: commitment\\.no-deadline: 这个问题我需要核实，核实后给您回电。`));
      expect(r.stdout).toMatch(/scenarios\.yaml:\d+: scenarios\[\d+\]\.steps\[\d+\]\.script: taboo\.phrase: 这个我不清楚，你去问别人吧。/);
      expect(r.stdout).toMatch(/: 2 script lines fail the pack's own QA/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('custom rules limited to scenarios', () => {
  it('names the scenario ids the pack does not have', async () => {
    const { pack } = await loadPack('standards/government-12345');
    const { unknownRuleScenarios } = await import('./pack-check.js');
    expect(unknownRuleScenarios(pack)).toEqual([]);
    const copy = structuredClone(pack);
    copy.qa.customRules.push({ id: 'x.y', name: '测试', weight: 1, severity: 'minor', mode: 'require', when: { role: 'agent' }, appliesWhen: { scenarios: ['gov.progress-inquiry', 'no-such'] } });
    expect(unknownRuleScenarios(copy)).toEqual([{ path: `qa.customRules[${copy.qa.customRules.length - 1}].appliesWhen.scenarios[1]`, id: 'no-such' }]);
  });
});
