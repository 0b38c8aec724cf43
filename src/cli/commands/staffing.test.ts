import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

const oneLine = (stderr: string): void => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^rexian: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

const erlangC = ['staffing', 'erlang-c', '--calls', '100', '--interval-min', '30', '--aht-sec', '180', '--target-sec', '20'];
const erlangA = ['staffing', 'erlang-a', '--calls', '100', '--interval-min', '30', '--aht-sec', '180', '--target-sec', '20', '--patience-sec', '300'];

describe('rexian staffing', () => {
  it('prints exactly the documented JSON keys, matching the published examples', { timeout: 180_000 }, async () => {
    const [fixed, planned, a] = await Promise.all([
      runCli([...erlangC, '--agents', '14', '--json']),
      runCli([...erlangC, '--target-sl', '0.8', '--max-occupancy', '0.85', '--shrinkage', '0.3', '--json']),
      runCli([...erlangA, '--target-sl', '0.8', '--max-occupancy', '0.85', '--shrinkage', '0.3', '--json']),
    ]);
    for (const r of [fixed, planned, a]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    }
    const f = JSON.parse(fixed.stdout) as Record<string, number>;
    expect(Object.keys(f)).toEqual(['intensity', 'agents', 'scheduledAgents', 'probWait', 'serviceLevel', 'occupancy', 'asaSec']);
    // pyworkforce / R ErlangC published figures for 100 calls per 30 min, AHT 180 s, 20 s, 14 agents
    expect(f.intensity).toBe(10);
    expect(f.agents).toBe(14);
    expect(f.scheduledAgents).toBe(14);
    expect(f.probWait).toBeCloseTo(0.1741319335950498, 12);
    expect(f.serviceLevel).toBeCloseTo(0.8883500191794669, 12);
    expect(f.occupancy).toBeCloseTo(0.7142857142857143, 14);
    expect(f.asaSec).toBeCloseTo(7.83593701177724, 10);
    const p = JSON.parse(planned.stdout) as Record<string, number>;
    expect(p.agents).toBe(14);
    expect(p.scheduledAgents).toBe(20);
    const e = JSON.parse(a.stdout) as Record<string, number>;
    expect(Object.keys(e)).toEqual(['intensity', 'agents', 'scheduledAgents', 'probWait', 'serviceLevel', 'occupancy', 'asaSec', 'probAbandon']);
    expect(e.agents).toBe(13);
    expect(e.scheduledAgents).toBe(19);
    expect(e.serviceLevel).toBeCloseTo(0.858, 3);
    expect(e.probAbandon).toBeCloseTo(0.025, 3);
    expect(e.probWait).toBeCloseTo(0.226, 3);
  });

  it('with --target-sl finds the smallest team meeting both the target and the occupancy cap', { timeout: 180_000 }, async () => {
    const base = ['staffing', 'erlang-c', '--calls', '360', '--interval-min', '30', '--aht-sec', '240', '--target-sec', '15', '--json'];
    const [sl, cap, below] = await Promise.all([
      runCli([...base, '--target-sl', '0.8']),
      runCli([...base, '--target-sl', '0.8', '--max-occupancy', '0.8']),
      runCli([...base, '--agents', '54']),
    ]);
    const bySl = JSON.parse(sl.stdout) as Record<string, number>;
    expect(bySl.agents).toBe(55); // 55 agents give 84.6 %, 54 do not reach 80 %
    expect(bySl.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect((JSON.parse(below.stdout) as Record<string, number>).serviceLevel).toBeLessThan(0.8);
    expect((JSON.parse(cap.stdout) as Record<string, number>).agents).toBe(60); // 48 Erlangs / 0.8
  });

  it('prints a readable table without --json', { timeout: 180_000 }, async () => {
    const r = await runCli(['staffing', 'erlang-c', '--calls', '360', '--interval-min', '30', '--aht-sec', '240', '--target-sec', '15', '--agents', '55', '--shrinkage', '0.3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Erlang C: 360 calls in 30 min, AHT 240 s');
    expect(r.stdout).toMatch(/intensity \(Erlangs\)\s+48\.000/);
    expect(r.stdout).toMatch(/agents to schedule \(shrinkage 30\.00 %\)\s+79/);
    expect(r.stdout).toMatch(/service level \(answered ≤ 15 s\)\s+84\.59 %/);
    expect(r.stdout).toMatch(/occupancy\s+87\.27 %/);
  });

  it('explains bad numbers in one line and exits non-zero', { timeout: 180_000 }, async () => {
    const cases = await Promise.all([
      runCli([...erlangC, '--agents', '0']),
      runCli([...erlangC, '--target-sl', '1.2']),
      runCli(['staffing', 'erlang-c', '--calls', '100', '--interval-min', '30', '--aht-sec', '-180', '--target-sec', '20', '--agents', '14']),
      runCli(['staffing', 'erlang-c', '--calls', '100', '--interval-min', '30', '--aht-sec', '180', '--target-sec', '-1', '--agents', '14']),
      runCli([...erlangC, '--agents', '10']),
      runCli([...erlangC]),
      runCli([...erlangC, '--agents', '12', '--target-sl', '0.8']),
      runCli([...erlangC, '--agents', 'many']),
      runCli([...erlangC, '--agents', '12', '--shrinkage', '1']),
      runCli(['staffing', 'erlang-a', '--calls', '100', '--interval-min', '30', '--aht-sec', '180', '--target-sec', '20', '--agents', '9']),
      runCli(['staffing', 'erlang-c', '--interval-min', '30', '--aht-sec', '180', '--target-sec', '20', '--agents', '14']),
    ]);
    const [zero, slAbove1, negativeAht, negativeTarget, unstable, neither, both, word, shrinkage, noPatience, noCalls] = cases;
    for (const r of cases) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
    }
    expect(zero?.stderr).toMatch(/--agents 0 is out of range/);
    expect(slAbove1?.stderr).toMatch(/--target-sl 1\.2 is out of range: .*at most 1/);
    expect(negativeAht?.stderr).toMatch(/--aht-sec -180 is out of range/);
    expect(negativeTarget?.stderr).toMatch(/--target-sec -1 is out of range/);
    expect(unstable?.stderr).toMatch(/10 agents cannot carry 10 Erlangs: .*grows without end/);
    expect(neither?.stderr).toMatch(/either --agents K .* or --target-sl P/);
    expect(both?.stderr).toMatch(/not both/);
    expect(word?.stderr).toMatch(/--agents "many" is not a number/);
    expect(shrinkage?.stderr).toMatch(/--shrinkage 1 is out of range/);
    expect(noPatience?.stderr).toMatch(/missing --patience-sec/);
    expect(noCalls?.stderr).toMatch(/missing --calls/);
  });
});
