import type { Command } from 'commander';
import { describe } from './index.js';
import {
  erlangAAgentsFor,
  erlangAMetrics,
  erlangCAgentsFor,
  erlangCMetrics,
  scheduledAgents,
  StaffingError,
  trafficIntensity,
  type ErlangAMetrics,
  type StaffingMetrics,
} from '../../shared/staffing/index.js';
import { CliError } from '../errors.js';

interface StaffingOpts {
  calls?: string;
  intervalMin?: string;
  ahtSec?: string;
  targetSec?: string;
  agents?: string;
  targetSl?: string;
  maxOccupancy?: string;
  shrinkage?: string;
  patienceSec?: string;
  json?: boolean;
}

const usage = (message: string): CliError => new CliError(message, 2);

/** A plain decimal number as typed (no units, no exponent); anything else is a usage error naming the option. */
function num(opt: string, raw: string | undefined, rule: { min?: number; above?: number; max?: number; below?: number; integer?: boolean; required?: boolean; hint: string }): number | undefined {
  if (raw === undefined) {
    if (rule.required) throw usage(`missing ${opt}: ${rule.hint}`);
    return undefined;
  }
  const text = raw.trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw usage(`${opt} "${raw}" is not a number: ${rule.hint}`);
  const v = Number(text);
  if (rule.integer && !Number.isInteger(v)) throw usage(`${opt} ${raw} is not a whole number: ${rule.hint}`);
  const bad =
    (rule.min !== undefined && v < rule.min) ||
    (rule.above !== undefined && v <= rule.above) ||
    (rule.max !== undefined && v > rule.max) ||
    (rule.below !== undefined && v >= rule.below);
  if (bad) throw usage(`${opt} ${raw} is out of range: ${rule.hint}`);
  return v;
}

interface Parsed {
  calls: number;
  intervalMin: number;
  ahtSec: number;
  targetSec: number;
  agents?: number;
  targetSl?: number;
  maxOccupancy?: number;
  shrinkage: number;
}

function parseCommon(o: StaffingOpts): Parsed {
  const calls = num('--calls', o.calls, { above: 0, required: true, hint: 'the calls offered in one interval, above 0, e.g. --calls 360' }) as number;
  const intervalMin = num('--interval-min', o.intervalMin, { above: 0, required: true, hint: 'the interval length in minutes, above 0, e.g. --interval-min 30' }) as number;
  const ahtSec = num('--aht-sec', o.ahtSec, { above: 0, required: true, hint: 'the average handle time (talk + hold + wrap-up) in seconds, above 0, e.g. --aht-sec 240' }) as number;
  const targetSec = num('--target-sec', o.targetSec, { min: 0, required: true, hint: 'the answer-time target in seconds, 0 or more, e.g. --target-sec 15' }) as number;
  const agents = num('--agents', o.agents, { min: 1, integer: true, hint: 'the agents on the phones, a whole number of at least 1, e.g. --agents 55' });
  const targetSl = num('--target-sl', o.targetSl, { above: 0, max: 1, hint: 'the service level target as a fraction above 0 and at most 1, e.g. --target-sl 0.8' });
  const maxOccupancy = num('--max-occupancy', o.maxOccupancy, { above: 0, max: 1, hint: 'the highest acceptable occupancy as a fraction above 0 and at most 1, e.g. --max-occupancy 0.85' });
  const shrinkage = num('--shrinkage', o.shrinkage, { min: 0, below: 1, hint: 'the share of paid time off the phones, at least 0 and below 1, e.g. --shrinkage 0.3' }) ?? 0;
  if (agents === undefined && targetSl === undefined) throw usage('give either --agents K (evaluate a team) or --target-sl P (find the smallest team)');
  if (agents !== undefined && targetSl !== undefined) throw usage('give --agents or --target-sl, not both');
  if (agents !== undefined && maxOccupancy !== undefined) throw usage('--max-occupancy only applies with --target-sl');
  return { calls, intervalMin, ahtSec, targetSec, agents, targetSl, maxOccupancy, shrinkage };
}

const pct = (v: number): string => `${(v * 100).toFixed(2)} %`;

function render(title: string, p: Parsed, m: StaffingMetrics | ErlangAMetrics, scheduled: number, patienceSec?: number): string {
  const rows: Array<[string, string]> = [
    ['intensity (Erlangs)', m.intensity.toFixed(3)],
    ['agents on the phones', String(m.agents)],
    [`agents to schedule (shrinkage ${pct(p.shrinkage)})`, String(scheduled)],
    ['probability of waiting', pct(m.probWait)],
  ];
  if ('probAbandon' in m) rows.push(['probability of hanging up', pct(m.probAbandon)]);
  rows.push([`service level (answered ≤ ${p.targetSec} s)`, pct(m.serviceLevel)], ['occupancy', pct(m.occupancy)], ['average speed of answer', `${m.asaSec.toFixed(1)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = `${title}: ${p.calls} calls in ${p.intervalMin} min, AHT ${p.ahtSec} s${patienceSec !== undefined ? `, patience ${patienceSec} s` : ''}${
    p.targetSl !== undefined ? `, target ${pct(p.targetSl)} in ${p.targetSec} s${p.maxOccupancy !== undefined ? `, occupancy ≤ ${pct(p.maxOccupancy)}` : ''}` : ''
  }`;
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}

function output(o: StaffingOpts, title: string, p: Parsed, m: StaffingMetrics | ErlangAMetrics, patienceSec?: number): void {
  const scheduled = scheduledAgents(m.agents, p.shrinkage);
  if (o.json) {
    const out: Record<string, number> = {
      intensity: m.intensity,
      agents: m.agents,
      scheduledAgents: scheduled,
      probWait: m.probWait,
      serviceLevel: m.serviceLevel,
      occupancy: m.occupancy,
      asaSec: m.asaSec,
    };
    if ('probAbandon' in m) out.probAbandon = m.probAbandon;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else process.stdout.write(render(title, p, m, scheduled, patienceSec));
}

/** Errors from the model (an unstable queue, a target no team meets) are the person's numbers: usage errors. */
function model<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof StaffingError) throw usage(err.message);
    throw err;
  }
}

function common(cmd: Command): Command {
  return cmd
    .option('--calls <n>', 'required: calls offered in one interval')
    .option('--interval-min <m>', 'required: the interval length in minutes (15, 30, 60 …)')
    .option('--aht-sec <s>', 'required: average handle time in seconds (talk + hold + wrap-up)')
    .option('--target-sec <t>', 'required: answer-time target in seconds (GB/T 33358: 15)')
    .option('--agents <k>', 'evaluate this many agents on the phones')
    .option('--target-sl <p>', 'or find the smallest team reaching this service level (0–1, e.g. 0.8)')
    .option('--max-occupancy <o>', 'with --target-sl: the highest acceptable occupancy (0–1)')
    .option('--shrinkage <x>', 'share of paid time off the phones (0 ≤ x < 1) for the agents to schedule', '0')
    .option('--json', 'print one JSON object: intensity, agents, scheduledAgents, probWait, serviceLevel, occupancy, asaSec (erlang-a adds probAbandon)');
}

export function register(program: Command): void {
  const staffing = program.command('staffing').description(describe('staffing'));
  common(staffing.command('erlang-c').description('Erlang C (M/M/N): callers wait as long as it takes')).action((o: StaffingOpts) => {
    const p = parseCommon(o);
    const intensity = model(() => trafficIntensity(p.calls, p.intervalMin, p.ahtSec));
    const m = model(() =>
      p.agents !== undefined
        ? erlangCMetrics({ intensity, agents: p.agents, ahtSec: p.ahtSec, targetSec: p.targetSec })
        : erlangCAgentsFor({ intensity, ahtSec: p.ahtSec, targetSec: p.targetSec, targetSl: p.targetSl as number, maxOccupancy: p.maxOccupancy }),
    );
    output(o, 'Erlang C', p, m);
  });
  common(staffing.command('erlang-a').description('Erlang A (M/M/N+M): waiting callers hang up after an exponential patience'))
    .option('--patience-sec <p>', 'required: mean patience of a waiting caller in seconds')
    .action((o: StaffingOpts) => {
      const p = parseCommon(o);
      const patienceSec = num('--patience-sec', o.patienceSec, { above: 0, required: true, hint: 'the mean time a caller waits before hanging up, in seconds, above 0, e.g. --patience-sec 120' }) as number;
      const intensity = model(() => trafficIntensity(p.calls, p.intervalMin, p.ahtSec));
      const m = model(() =>
        p.agents !== undefined
          ? erlangAMetrics({ intensity, agents: p.agents, ahtSec: p.ahtSec, targetSec: p.targetSec, patienceSec })
          : erlangAAgentsFor({ intensity, ahtSec: p.ahtSec, targetSec: p.targetSec, patienceSec, targetSl: p.targetSl as number, maxOccupancy: p.maxOccupancy }),
      );
      output(o, 'Erlang A', p, m, patienceSec);
    });
}
