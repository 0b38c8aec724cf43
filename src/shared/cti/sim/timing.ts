/** Turns a plan into timed speech: segments, holds, the transfer or hangup, in ms since the answer. */
import { spokenLength } from '../../text/normalize.js';
import type { Plan, Speaker } from './plan.js';
import type { Rng } from './random.js';

export interface TimedSegment {
  speaker: Speaker;
  start: number;
  end: number;
  text: string;
}

export interface Dialogue {
  segments: TimedSegment[];
  holds: Array<{ start: number; end: number }>;
  transfer?: { at: number; target: string };
  hangup?: { at: number; by: 'customer' | 'agent' };
  /** End of the answering agent's part: the transfer, or the hangup. */
  endMs: number;
}

export function timeDialogue(plan: Plan, rng: Rng): Dialogue {
  const customerCpm = rng.uniform(200, 270);
  const segments: TimedSegment[] = [];
  const holds: Dialogue['holds'] = [];
  let prevEnd = 0;
  let afterHold = false;
  for (const beat of plan.beats) {
    if (beat.kind === 'extras') continue;
    if (beat.kind === 'hold') {
      const start = prevEnd + rng.int(400, 1200);
      holds.push({ start, end: start + beat.ms });
      prevEnd = start + beat.ms;
      afterHold = true;
      continue;
    }
    const cpm = beat.speaker === 'agent' ? plan.agentCpm : customerCpm;
    // a little jitter per line; the call's average stays at its rate
    const duration = Math.max(600, Math.round(((spokenLength(beat.text) / cpm) * 60_000 * rng.uniform(0.96, 1.04)) / 10) * 10);
    const prev = segments[segments.length - 1];
    let start: number;
    if (!prev) start = rng.int(300, 900);
    else if (beat.overlapMs !== undefined && prev.speaker !== beat.speaker && !afterHold) {
      start = Math.max(prev.start + 300, prev.end - beat.overlapMs);
    } else {
      const gap = beat.gapMs ?? (afterHold ? rng.int(300, 800) : prev.speaker !== beat.speaker ? rng.int(350, 1400) : rng.int(250, 700));
      start = prevEnd + gap;
    }
    segments.push({ speaker: beat.speaker, start, end: start + duration, text: beat.text });
    prevEnd = Math.max(prevEnd, start + duration);
    afterHold = false;
  }
  const ending = plan.ending;
  if (ending.type === 'transfer') {
    const at = prevEnd + rng.int(800, 2000);
    return { segments, holds, transfer: { at, target: ending.target }, endMs: at };
  }
  if (ending.type === 'linger') throw new Error('a lingering caller is resolved into the end notice before timing');
  const at = prevEnd + ending.afterMs;
  return { segments, holds, hangup: { at, by: ending.by }, endMs: at };
}
