import type { Command } from 'commander';
import { describe } from './index.js';
import { formatProblem, type PackProblem } from '../../shared/standards/validate.js';
import { packSummary } from '../../shared/standards/summary.js';
import { PackValidationError, loadPack, readPackFiles } from '../../server/modules/standards/standards.loader.js';
import { checkPackScripts, locateLine, unknownRuleScenarios } from '../../shared/qa/pack-check.js';
import { CliError } from '../errors.js';

function label(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/+$/, '');
}

function printWarnings(warnings: readonly PackProblem[]): void {
  for (const w of warnings) process.stdout.write(`warning: ${formatProblem(w)}\n`);
}

export function register(program: Command): void {
  const standards = program.command('standards').description(describe('standards'));
  standards
    .command('check')
    .description('validate standard packs (a folder of YAML files, or one YAML file) and print every error as file:line:col path: message; every script line of a valid pack is also spoken through its own QA, and each one drawing a finding is printed as file:line: path: check: line')
    .argument('[paths...]', 'pack folders or YAML files, e.g. standards/*')
    .action(async (paths: string[]) => {
      if (paths.length === 0) throw new CliError('give at least one pack folder or YAML file, e.g. "rexian standards check standards/general"', 2);
      let failed = 0;
      for (const path of paths) {
        // a folder named _… is a shared base (standards/_common) the packs include, not a pack: it is checked with them
        if (/(^|\/)_[^/]*\/?$/.test(label(path))) {
          process.stdout.write(`${label(path)}: shared base, checked with the packs that include it\n`);
          continue;
        }
        try {
          const { pack, warnings } = await loadPack(path);
          printWarnings(warnings);
          // the pack passes its own QA: each script line spoken through the engine draws no finding
          // (src/shared/qa/pack-check.ts); a line that does is printed as file:line: path: check: line
          const files = await readPackFiles(path);
          const findings = checkPackScripts(pack);
          for (const f of findings) {
            const at = locateLine(files, f);
            process.stdout.write(`${at.file}:${at.line}: ${f.path}: ${f.check}: ${f.evidence}\n`);
          }
          const w = warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
          const unknown = unknownRuleScenarios(pack);
          for (const u of unknown) process.stdout.write(`${label(path)}: ${u.path}: no scenario "${u.id}" in this pack (the rule would never apply)\n`);
          const lines = new Set(findings.map((f) => f.path)).size;
          if (unknown.length > 0 && lines === 0) {
            failed++;
            process.stdout.write(`${label(path)}: ${unknown.length} unknown scenario${unknown.length === 1 ? '' : 's'} in qa.customRules (${packSummary(pack)}${w})\n`);
          } else if (lines > 0) {
            failed++;
            process.stdout.write(`${label(path)}: ${lines} script line${lines === 1 ? '' : 's'} fail the pack's own QA (${packSummary(pack)}${w})\n`);
          } else process.stdout.write(`${label(path)}: OK (${packSummary(pack)}${w})\n`);
        } catch (err) {
          if (!(err instanceof PackValidationError)) throw err;
          failed++;
          for (const e of err.errors) process.stdout.write(`${formatProblem(e)}\n`);
          printWarnings(err.warnings);
          process.stdout.write(`${label(path)}: ${err.errors.length} error${err.errors.length === 1 ? '' : 's'}\n`);
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
}
