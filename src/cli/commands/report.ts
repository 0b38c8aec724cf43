import { Option, type Command } from 'commander';
import { describe } from './index.js';
import { isValidDate } from '../../shared/calendar/zone.js';
import { reportDimensions, type ReportBy } from '../../shared/kpi/index.js';
import { systemClock } from '../../server/context.js';
import { requireOrg } from '../../server/modules/orgs/orgs.service.js';
import { kpiReport } from '../../server/modules/reports/reports.service.js';
import type { KpiReportDto } from '../../server/modules/reports/reports.schema.js';
import { withDatabase } from '../context.js';
import { CliError } from '../errors.js';

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const sec = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(1)}s`);
const int = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

type Row = KpiReportDto['rows'][number];

/** A plain table: the figures a person reads first, the rest in --json. */
export function formatReport(r: KpiReportDto): string {
  const t = r.thresholds;
  const cols: Array<[string, (x: Row) => string]> = [];
  const any = (k: 'calls' | 'tickets' | 'qa') => r.rows.some((x) => x[k]) || Boolean(r.total[k]);
  if (any('calls')) {
    cols.push(
      ['offered', (x) => int(x.calls?.offered)],
      ['answered', (x) => int(x.calls?.answered)],
      ['answerRate', (x) => pct(x.calls?.answerRate)],
      [`SL${t.t1Sec}s`, (x) => pct(x.calls?.serviceLevelT1)],
      [`SL${t.t2Sec}s`, (x) => pct(x.calls?.serviceLevelT2)],
      ['abandoned', (x) => int(x.calls?.abandoned)],
      ['asa', (x) => sec(x.calls?.asaSec)],
      ['aht', (x) => sec(x.calls?.avgHandleSec)],
    );
  }
  if (any('tickets')) {
    cols.push(
      ['tickets', (x) => int(x.tickets?.created)],
      ['finishRate', (x) => pct(x.tickets?.finishRate)],
      ['onTimeRate', (x) => pct(x.tickets?.onTimeRate)],
      ['returnRate', (x) => pct(x.tickets?.returnRate)],
      ['satisfaction', (x) => pct(x.tickets?.satisfactionRate)],
    );
  }
  if (any('qa')) cols.push(['qaChecked', (x) => int(x.qa?.checked)], ['avgScore', (x) => (x.qa?.avgScore ?? null) === null ? '—' : String(x.qa?.avgScore)]);
  const rows: Row[] = r.rows.filter((x) => (x.calls?.offered ?? 0) + (x.tickets?.created ?? 0) + (x.qa?.checked ?? 0) > 0 || r.by !== 'interval');
  const table = [['', ...cols.map((c) => c[0])], ...rows.map((x) => [x.label || '-', ...cols.map((c) => c[1](x))]), ['total', ...cols.map((c) => c[1]({ key: 'total', label: 'total', ...r.total }))]];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => [...(row[i] ?? '')].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)))) ?? [];
  const padTo = (s: string, w: number, left: boolean) => {
    const width = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    return left ? s + ' '.repeat(w - width) : ' '.repeat(w - width) + s;
  };
  const lines = table.map((row) => row.map((cell, i) => padTo(cell, widths[i] ?? 0, i === 0)).join('  ').trimEnd());
  const head = `${r.from} to ${r.to} (${r.timeZone}), by ${r.by}${r.interval ? ` ${r.interval} min` : ''}`;
  const gbt = r.gbt
    ? `GB/T 33358: answered within 15 s ${pct(r.gbt.serviceLevel15)}; worst 24 h 接通率 ${pct(r.gbt.worstAnswerRate24h)} (target ≥ 95%: ${r.gbt.answerRateMet === null ? 'no calls' : r.gbt.answerRateMet ? 'met' : 'missed'})`
    : '';
  return [head, ...lines, ...(gbt ? [gbt] : [])].join('\n') + '\n';
}

/** `rexian report kpi`: the KPI report of docs/kpi.md for people who script reports. */
export function register(program: Command): void {
  const report = program.command('report').description(describe('report'));
  report
    .command('kpi')
    .description('KPI report of an organisation for a period (days in its time zone, both included)')
    .requiredOption('--org <slug>', 'organisation')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (included)')
    .addOption(new Option('--by <dimension>', 'rows by').choices(reportDimensions).default('day'))
    .addOption(new Option('--interval <minutes>', 'interval length for --by interval').choices(['15', '30', '60']).default('60'))
    .option('--json', 'print the report as JSON (keys as in docs/kpi.md)')
    .action(async (opts: { org: string; from: string; to: string; by: ReportBy; interval: string; json?: boolean }) => {
      for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (!isValidDate(value)) throw new CliError(`${name}: "${value}" is not a date (YYYY-MM-DD, a day that exists)`, 2);
      }
      await withDatabase(async (database) => {
        const org = await requireOrg(database.db, opts.org);
        const ctx = { db: database.db, orgId: org.id, actor: { id: null, name: 'cli', role: 'system' as const }, now: systemClock };
        const r = await kpiReport(ctx, { from: opts.from, to: opts.to, by: opts.by, interval: Number(opts.interval) as 15 | 30 | 60 });
        process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : formatReport(r));
      });
    });
}
