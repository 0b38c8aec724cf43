import { readFileSync, readdirSync, statSync } from 'node:fs';
import { describe } from './index.js';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { defaultQaConfig, type QaConfig } from '../../shared/qa/config.js';
import { checkCall, compileQa, violatedChecks, type QaResult } from '../../shared/qa/engine.js';
import { fromAlibaba, fromAmazon } from '../../shared/qa/adapters.js';
import { parseTranscript, type ParseResult } from '../../shared/qa/transcript.js';
import { CliError } from '../errors.js';

const formats = ['rexian', 'alibaba', 'amazon'] as const;
type Format = (typeof formats)[number];

interface QaOptions {
  json?: boolean;
  pack?: string;
  format: Format;
}

/** Files named on the command line; a directory stands for its *.json files. */
export function expandFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // a missing file is reported when it is read, with the other problems
    }
    if (!isDir) out.push(arg);
    else
      for (const f of readdirSync(arg).filter((n) => n.endsWith('.json')).sort()) out.push(join(arg, f));
  }
  return out;
}

function readCall(file: string, format: Format): ParseResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (format === 'rexian') return parseTranscript(value);
  const id = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return format === 'alibaba' ? fromAlibaba(value, id) : fromAmazon(value, id);
}

async function loadConfig(pack: string | undefined): Promise<QaConfig> {
  if (pack === undefined) return defaultQaConfig;
  // loaded only when asked for: it brings the YAML pack validator with it
  const { loadQaConfigFromPack } = await import('../../server/modules/standards/standards.loader.js');
  try {
    return await loadQaConfigFromPack(pack);
  } catch (err) {
    // one line on stderr: the loader lists its problems on separate lines
    const message = (err instanceof Error ? err.message : String(err)).replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
    throw new CliError(message.includes(pack) ? message : `${pack}: ${message}`, 2);
  }
}

function tableRow(r: QaResult): string {
  const checks = violatedChecks(r);
  return `${r.id.padEnd(20)} ${String(r.score).padStart(5)}  ${(r.fatal ? 'yes' : 'no').padEnd(5)}  ${checks.length ? checks.join(', ') : '-'}\n`;
}

export function register(program: Command): void {
  program
    .command('qa')
    .description(describe('qa'))
    .argument('<files...>', 'transcript JSON files (one call each) or directories of them')
    .option('--json', 'one JSON object per call per line: {"id","score","fatal","violations"}')
    .option('--pack <path>', 'use the QA rules of a standard pack instead of the defaults')
    .addOption(new Option('--format <format>', 'input format').choices(formats).default('rexian'))
    .action(async (args: string[], opts: QaOptions) => {
      const files = expandFiles(args);
      if (files.length === 0) throw new CliError('no transcript files found', 2);
      const compiled = compileQa(await loadConfig(opts.pack));
      let failed = false;
      if (!opts.json) process.stdout.write(`${'id'.padEnd(20)} ${'score'.padStart(5)}  fatal  checks violated\n`);
      const totals = { calls: 0, score: 0, fatal: 0 };
      for (const file of files) {
        const call = readCall(file, opts.format);
        if (!call.ok) {
          failed = true;
          process.stderr.write(`rexian: ${file}: ${call.error}\n`);
          continue;
        }
        const result = checkCall(call.transcript, compiled);
        totals.calls++;
        totals.score += result.score;
        if (result.fatal) totals.fatal++;
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : tableRow(result));
      }
      if (!opts.json && totals.calls > 1) {
        process.stdout.write(`${totals.calls} calls, average score ${(totals.score / totals.calls).toFixed(1)}, ${totals.fatal} fatal\n`);
      }
      if (failed) process.exitCode = 1;
    });
}
