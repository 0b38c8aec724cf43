import fs from 'node:fs';
import { describe } from './index.js';
import type { Command } from 'commander';
// the engine without the calendar file's zod schemas: loaded only when a calendar file is given (startup time, bench/cli.ts)
import { addDuration, buildCalendar, CalendarError, formatInstant, parseDuration, parseInstant, type DayInfo, type WorkCalendar } from '../../shared/calendar/core.js';
import { CliError } from '../errors.js';

/** Reads the organisation's calendar file, or the built-in calendar when none is given. */
async function loadCalendar(file: string | undefined): Promise<WorkCalendar> {
  if (file === undefined) return buildCalendar();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new CliError(`cannot read calendar file "${file}": ${why}`, 1);
  }
  const { parseCalendarYaml } = await import('../../shared/calendar/schema.js');
  try {
    return buildCalendar(parseCalendarYaml(text, `calendar file ${file}`));
  } catch (err) {
    throw asCliError(err);
  }
}

/** A bad value the person typed (date, duration, calendar content) is a usage error: exit code 2. */
function asCliError(err: unknown): unknown {
  return err instanceof CalendarError ? new CliError(err.message, 2) : err;
}

function warn(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 休 for a day off that is not an ordinary weekend, 班 for a working day that falls on a weekend or holiday. */
function mark(d: DayInfo): string {
  if (d.reason === 'holiday' || d.reason === 'override-holiday') return '休';
  if (d.reason === 'makeup') return '班';
  if (d.reason === 'override-workday') return d.weekday >= 6 ? '班' : '  ';
  return '  ';
}

const reasonLabel: Record<DayInfo['reason'], string> = {
  holiday: 'holiday',
  makeup: 'make-up working day (调休上班)',
  weekend: 'weekend',
  workday: 'working day',
  'override-holiday': 'holiday (calendar file)',
  'override-workday': 'working day (calendar file)',
};

/** Renders a month: a Monday-first grid (each cell 5 columns wide: 休 and 班 take two), then the special days. */
export function renderMonth(cal: WorkCalendar, year: number, month: number): string {
  const view = cal.month(year, month);
  const lines: string[] = [];
  const hours = cal.businessHours.map((w) => `${w.start}–${w.end}`).join(', ');
  lines.push(`${year}年${month}月  ${monthNames[month - 1]} ${year}  (${cal.timeZone}, business hours ${hours})`);
  lines.push('');
  lines.push(weekdays.map((w) => w.padStart(4) + ' ').join('').trimEnd());
  let row = ' '.repeat(5 * ((view.days[0]?.weekday ?? 1) - 1));
  for (const d of view.days) {
    row += String(Number(d.date.slice(8))).padStart(3) + mark(d);
    if (d.weekday === 7) {
      lines.push(row.trimEnd());
      row = '';
    }
  }
  if (row) lines.push(row.trimEnd());
  lines.push('');
  lines.push('休 day off (holiday)   班 working day on a weekend (调休上班)   Sat and Sun are off unless marked 班');
  const special = view.days.filter((d) => d.reason !== 'weekend' && d.reason !== 'workday');
  lines.push('');
  if (special.length) {
    lines.push('Holidays and make-up days:');
    for (const d of special) {
      const name = d.name ? `  ${d.name}${d.nameEn ? ` (${d.nameEn})` : ''}` : '';
      lines.push(`  ${d.date} ${weekdays[d.weekday - 1]}  ${d.working ? '班' : '休'}  ${reasonLabel[d.reason]}${name}`);
    }
  } else {
    lines.push('No holidays or make-up days.');
  }
  lines.push('');
  lines.push(`Working days: ${view.workingDays}`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  const sla = program.command('sla').description(describe('sla'));
  sla
    .command('due')
    .description('print the due instant (ISO 8601 with offset) of a duration counted from a start')
    .option('--start <iso8601>', 'required: start, e.g. 2025-09-30T10:00:00+08:00 (without an offset: in the calendar\'s time zone)')
    .option('--duration <duration>', 'required: e.g. 30m, 4h, 2d, 8bh (business hours), 5wd (working days)')
    .option('--calendar <file.yaml>', 'calendar file: timezone, businessHours (one window or a list, e.g. 08:30–12:00 and 13:30–17:00), extra holidays and workdays')
    .action(async (opts: { start?: string; duration?: string; calendar?: string }) => {
      // Checked here rather than with requiredOption so the mistake is one line, like every other one.
      if (opts.start === undefined) throw new CliError('missing --start: give the start as ISO 8601, e.g. --start 2025-09-30T10:00:00+08:00', 2);
      if (opts.duration === undefined) throw new CliError('missing --duration: give it as a number and a unit, e.g. --duration 5wd (m, h, d, bh, wd)', 2);
      const cal = await loadCalendar(opts.calendar);
      try {
        const start = parseInstant(opts.start, cal.timeZone);
        const { due, warnings } = addDuration(cal, start, parseDuration(opts.duration));
        warn(warnings);
        process.stdout.write(`${formatInstant(due, cal.timeZone)}\n`);
      } catch (err) {
        throw asCliError(err);
      }
    });

  const calendar = program.command('calendar').description(describe('calendar'));
  calendar
    .command('show')
    .description('print a month with its holidays (休), make-up working days (班) and number of working days')
    .argument('<month>', 'the month, as YYYY-MM')
    .option('--calendar <file.yaml>', 'calendar file: timezone, businessHours (one window or a list, e.g. 08:30–12:00 and 13:30–17:00), extra holidays and workdays')
    .action(async (monthArg: string, opts: { calendar?: string }) => {
      const m = /^(\d{4})-(\d{1,2})$/.exec(monthArg.trim());
      const year = Number(m?.[1]);
      const month = Number(m?.[2]);
      if (!m || month < 1 || month > 12 || year < 1) throw new CliError(`"${monthArg}" is not a month: write it as YYYY-MM, e.g. 2025-10`, 2);
      const cal = await loadCalendar(opts.calendar);
      const warning = cal.coverageWarning(year);
      if (warning) warn([warning]);
      process.stdout.write(renderMonth(cal, year, month));
    });
}
