import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-sla-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const oneLine = (stderr: string): void => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^rexian: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('rexian sla due', () => {
  it('prints the due instant, one line, nothing else', { timeout: 180_000 }, async () => {
    const [wd, bh, local, tokyo] = await Promise.all([
      runCli(['sla', 'due', '--start', '2025-09-30T10:00:00+08:00', '--duration', '3wd']),
      runCli(['sla', 'due', '--start', '2025-09-30T17:00:00+08:00', '--duration', '2bh']),
      runCli(['sla', 'due', '--start', '2026-02-13T10:00', '--duration', '2wd']), // no offset: Asia/Shanghai
      runCli(['sla', 'due', '--start', '2025-10-09T10:00:00Z', '--duration', '90m', '--calendar', file('tokyo.yaml', 'timezone: Asia/Tokyo\n')]),
    ]);
    expect(wd).toEqual({ code: 0, stdout: '2025-10-11T18:00:00+08:00\n', stderr: '' });
    expect(bh).toEqual({ code: 0, stdout: '2025-10-09T10:00:00+08:00\n', stderr: '' });
    expect(local).toEqual({ code: 0, stdout: '2026-02-24T18:00:00+08:00\n', stderr: '' });
    expect(tokyo).toEqual({ code: 0, stdout: '2025-10-09T20:30:00+09:00\n', stderr: '' });
  });

  it('applies the calendar file overrides', { timeout: 180_000 }, async () => {
    const cal = file(
      'org.yaml',
      ['timezone: Asia/Shanghai', 'businessHours: { start: "08:30", end: "17:30" }', 'holidays:', '  - 2025-10-10', '  - { date: 2031-01-01, name: 元旦 }', 'workdays: [2025-10-12]'].join('\n'),
    );
    const [wd, fallbackCovered] = await Promise.all([
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', cal]), // Oct 9, Sat 11, Sun 12
      runCli(['sla', 'due', '--start', '2030-12-31T10:00', '--duration', '1wd', '--calendar', cal]),
    ]);
    expect(wd).toEqual({ code: 0, stdout: '2025-10-12T17:30:00+08:00\n', stderr: '' });
    // 2030 has no data → warning; 2031 has an override → none
    expect(fallbackCovered.code).toBe(0);
    expect(fallbackCovered.stdout).toBe('2031-01-02T17:30:00+08:00\n');
    expect(fallbackCovered.stderr).toBe('');
  });

  it('counts bh only inside several windows a day and ends wd at the last window’s close', { timeout: 180_000 }, async () => {
    const cal = file('lunch.yaml', ['businessHours:', '  - { start: "08:30", end: "12:00" }', '  - { start: "13:30", end: "17:00" }'].join('\n'));
    const overlap = file('overlap.yaml', ['businessHours:', '  - { start: "08:30", end: "12:00" }', '  - { start: "11:00", end: "17:00" }'].join('\n'));
    const [span, lunch, wd, refused] = await Promise.all([
      runCli(['sla', 'due', '--start', '2025-10-09T11:00', '--duration', '2bh', '--calendar', cal]), // 11–12, 13:30–14:30
      runCli(['sla', 'due', '--start', '2025-09-30T16:00', '--duration', '2bh', '--calendar', cal]), // National Day in between
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', cal]),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', overlap]),
    ]);
    expect(span).toEqual({ code: 0, stdout: '2025-10-09T14:30:00+08:00\n', stderr: '' });
    expect(lunch).toEqual({ code: 0, stdout: '2025-10-09T09:30:00+08:00\n', stderr: '' });
    expect(wd).toEqual({ code: 0, stdout: '2025-10-11T17:00:00+08:00\n', stderr: '' });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    oneLine(refused.stderr);
    expect(refused.stderr).toContain(`calendar file ${overlap}: businessHours[1]: the window 11:00–17:00 overlaps the window 08:30–12:00`);
  });

  it('warns on stderr for a year without holiday data and still answers', { timeout: 180_000 }, async () => {
    const r = await runCli(['sla', 'due', '--start', '2031-03-03T10:00:00+08:00', '--duration', '1wd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2031-03-04T18:00:00+08:00\n');
    expect(r.stderr).toBe('warning: no built-in holiday data for 2031; counting Monday–Friday as working days — add holidays/workdays overrides\n');
  });

  it('explains mistakes in one line and exits non-zero', { timeout: 180_000 }, async () => {
    const bad = file('bad.yaml', 'timezone: Mars/Olympus\nholidays: [2025-02-30]\n');
    const broken = file('broken.yaml', 'holidays: [2025-10-01\n');
    const cases = await Promise.all([
      runCli(['sla', 'due', '--start', 'tomorrow', '--duration', '3wd']),
      runCli(['sla', 'due', '--start', '2025-02-30T10:00', '--duration', '3wd']),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3y']),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '-3wd']),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '1.5h']),
      runCli(['sla', 'due', '--duration', '3wd']),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00']),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', path.join(dir, 'missing.yaml')]),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', bad]),
      runCli(['sla', 'due', '--start', '2025-09-30T10:00', '--duration', '3wd', '--calendar', broken]),
    ]);
    const [word, feb30, unit, negative, fraction, noStart, noDuration, missing, invalid, yaml] = cases;
    for (const r of cases) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
    }
    expect(word?.stderr).toMatch(/"tomorrow" is not an ISO 8601 date and time/);
    expect(feb30?.stderr).toMatch(/2025-02 has 28 days/);
    expect(unit?.stderr).toMatch(/unknown unit "y" in "3y"/);
    expect(negative?.stderr).toMatch(/negative/);
    expect(fraction?.stderr).toMatch(/not a whole number/);
    expect(noStart?.stderr).toMatch(/missing --start/);
    expect(noDuration?.stderr).toMatch(/missing --duration/);
    expect(missing?.stderr).toMatch(/cannot read calendar file ".*missing\.yaml": no such file/);
    expect(invalid?.stderr).toMatch(/unknown time zone "Mars\/Olympus".*holidays\[0\]/);
    expect(yaml?.stderr).toMatch(/not valid YAML/);
    expect(word?.code).toBe(2);
    expect(missing?.code).toBe(1);
  });
});

describe('rexian calendar show', () => {
  it('prints the month grid with 休 and 班, the special days and the working-day count', { timeout: 180_000 }, async () => {
    const r = await runCli(['calendar', 'show', '2025-10']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^2025年10月\s+October 2025 {2}\(Asia\/Shanghai, business hours 09:00–18:00\)$/);
    expect(lines).toContain(' Mon  Tue  Wed  Thu  Fri  Sat  Sun');
    expect(lines).toContain('            1休  2休  3休  4休  5休');
    expect(lines).toContain('  6休  7休  8休  9   10   11班 12');
    expect(r.stdout).toMatch(/2025-10-06 Mon {2}休 {2}holiday {2}中秋 \(Mid-autumn Festival\)/);
    expect(r.stdout).toMatch(/2025-10-11 Sat {2}班 {2}make-up working day/);
    expect(r.stdout).toMatch(/Working days: 18\n$/);
  });

  it('shows Spring Festival 2026, calendar-file days and the fallback warning', { timeout: 180_000 }, async () => {
    const cal = file('show.yaml', 'holidays:\n  - { date: 2026-02-27, name: 区庆 }\nworkdays: [2026-02-22]\n');
    const [feb, withFile, fallback, badMonth] = await Promise.all([
      runCli(['calendar', 'show', '2026-02']),
      runCli(['calendar', 'show', '2026-02', '--calendar', cal]),
      runCli(['calendar', 'show', '2031-01']),
      runCli(['calendar', 'show', '2026-13']),
    ]);
    expect(feb.stdout).toContain('  9   10   11   12   13   14班 15休');
    expect(feb.stdout).toMatch(/Working days: 16\n$/);
    expect(withFile.stdout).toMatch(/2026-02-27 Fri {2}休 {2}holiday \(calendar file\) {2}区庆/);
    expect(withFile.stdout).toMatch(/2026-02-22 Sun {2}班 {2}working day \(calendar file\)/);
    expect(withFile.stdout).toMatch(/Working days: 16\n$/);
    const lunch = file('show-lunch.yaml', 'businessHours: [{ start: "08:30", end: "12:00" }, { start: "13:30", end: "17:00" }]\n');
    const withWindows = await runCli(['calendar', 'show', '2026-02', '--calendar', lunch]);
    expect(withWindows.stdout.split('\n')[0]).toBe('2026年2月  February 2026  (Asia/Shanghai, business hours 08:30–12:00, 13:30–17:00)');
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toMatch(/^warning: no built-in holiday data for 2031/);
    expect(fallback.stdout).toMatch(/Working days: 23\n$/);
    expect(badMonth.code).toBe(2);
    oneLine(badMonth.stderr);
  });
});
