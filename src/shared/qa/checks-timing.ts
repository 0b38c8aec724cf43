/** Checks on timing and call events: answer, holds, silence, interruption, rate, hangup, transfer. */
import { isSilentCall } from './checks-language.js';
import type { CallContext } from './context.js';
import { mayMatchAny } from './matching.js';
import type { CallEvent } from './transcript.js';

export function ringCount(ctx: CallContext): number {
  const t = ctx.transcript;
  if (t.rings !== undefined) return t.rings;
  return t.ringMs === undefined ? 0 : Math.ceil(t.ringMs / ctx.thresholds.ringMs);
}

export function checkAnswer(ctx: CallContext): void {
  if (ringCount(ctx) <= ctx.thresholds.maxRings) return;
  const window = Math.min(ctx.thresholds.apologyWindow, ctx.agent.length);
  for (let i = 0; i < window; i++) if (ctx.has(ctx.lists.apology, ctx.agent[i]!)) return;
  const u = ctx.agent[0];
  ctx.add('answer.late-no-apology', u ?? null, 0, `响铃 ${ringCount(ctx)} 声后接听,未致歉`);
}

export interface Hold {
  start: number;
  /** Resume (or the hangup/transfer that ended it); Infinity when nothing ended it. */
  end: number;
  resumed: boolean;
}

/** Holds paired with the resume (or the hangup / transfer) that ended them (worked out once per call). */
export function holds(ctx: CallContext): Hold[] {
  return (ctx.holdsMemo ??= pairHolds(ctx));
}

function pairHolds(ctx: CallContext): Hold[] {
  const out: Hold[] = [];
  const ev = ctx.events;
  for (let i = 0; i < ev.length; i++) {
    const h = ev[i]!;
    if (h.type !== 'hold') continue;
    let end = Infinity;
    let resumed = false;
    for (let k = i + 1; k < ev.length; k++) {
      const e = ev[k]!;
      if (e.type === 'hold') continue;
      end = e.at;
      resumed = e.type === 'resume';
      break;
    }
    // a second hold before the resume is part of the same hold
    if (out.length > 0 && out[out.length - 1]!.end >= h.at && !out[out.length - 1]!.resumed) continue;
    if (out.length > 0 && out[out.length - 1]!.end === end) continue;
    out.push({ start: h.at, end, resumed });
  }
  return out;
}

export function checkHolds(ctx: CallContext): void {
  const { holdConsentWindow, holdConsentMs, holdMaxMs } = ctx.thresholds;
  for (const hold of holds(ctx)) {
    // among the agent's last `holdConsentWindow` utterances starting before the hold
    let asked = false;
    for (let i = ctx.agent.length - 1, seen = 0; i >= 0 && seen < holdConsentWindow && !asked; i--) {
      const u = ctx.agent[i]!;
      if (u.start >= hold.start) continue;
      seen++;
      asked = u.end >= hold.start - holdConsentMs && ctx.has(ctx.lists.holdConsent, u);
    }
    if (!asked) ctx.add('hold.no-consent', null, hold.start, '保持前没有征求客户同意');
    if (Number.isFinite(hold.end) && hold.end - hold.start > holdMaxMs) {
      ctx.add('hold.too-long', null, hold.start, `连续保持 ${Math.round((hold.end - hold.start) / 1000)} 秒`);
    }
    if (hold.resumed) {
      const next = ctx.agent.find((u) => u.end > hold.end);
      if (!next) ctx.add('hold.no-thanks', null, hold.end, '恢复通话后坐席没有致谢或致歉');
      else if (!ctx.has(ctx.lists.holdThanks, next)) ctx.add('hold.no-thanks', next, next.start);
    }
  }
}

/** Parts of [from, to) outside every hold. */
function outsideHolds(from: number, to: number, hs: Hold[]): Array<[number, number]> {
  if (hs.length === 0) return [[from, to]];
  let pieces: Array<[number, number]> = [[from, to]];
  for (const h of hs) {
    const next: Array<[number, number]> = [];
    for (const [a, b] of pieces) {
      if (h.end <= a || h.start >= b) next.push([a, b]);
      else {
        if (h.start > a) next.push([a, h.start]);
        if (h.end < b) next.push([h.end, b]);
      }
    }
    pieces = next;
  }
  return pieces;
}

/** Gaps between speech (from the answer to the last utterance), holds excluded. */
export function checkDeadAir(ctx: CallContext): void {
  const hs = holds(ctx);
  let cursor = 0;
  const deadAirMs = ctx.thresholds.deadAirMs;
  for (const u of ctx.utterances) {
    // a gap no longer than the threshold has no part longer than it, holds or not
    if (u.start - cursor > deadAirMs) {
      for (const [a, b] of outsideHolds(cursor, u.start, hs)) {
        if (b - a > ctx.thresholds.deadAirMs) ctx.add('silence.dead-air', null, a, `${Math.round((b - a) / 1000)} 秒无人说话`);
      }
    }
    cursor = Math.max(cursor, u.end);
  }
}

export function checkInterruption(ctx: CallContext): void {
  const min = ctx.thresholds.interruptionOverlapMs;
  for (const a of ctx.agent) {
    for (const c of ctx.customer) {
      if (c.start < a.start && a.start < c.end && Math.min(a.end, c.end) - a.start >= min) {
        ctx.add('interruption', a, a.start);
        break;
      }
    }
  }
}

export function agentRate(ctx: CallContext): { rate: number; first: number } | null {
  let chars = 0;
  let ms = 0;
  let first = -1;
  for (const u of ctx.agent) {
    const n = u.spoken;
    if (n < ctx.thresholds.speechRateMinChars || u.end <= u.start) continue;
    chars += n;
    ms += u.end - u.start;
    if (first < 0) first = u.start;
  }
  return ms > 0 ? { rate: (chars * 60_000) / ms, first } : null;
}

export function checkSpeechRate(ctx: CallContext): void {
  const r = agentRate(ctx);
  if (!r) return;
  const { speechRateMin, speechRateMax } = ctx.thresholds;
  if (r.rate > speechRateMax) ctx.add('speech.rate', null, r.first, `坐席平均语速 ${Math.round(r.rate)} 字/分钟,高于 ${speechRateMax}`);
  else if (r.rate < speechRateMin) ctx.add('speech.rate', null, r.first, `坐席平均语速 ${Math.round(r.rate)} 字/分钟,低于 ${speechRateMin}`);
}

/** Whether the agent followed the silent-call protocol before `at`. */
export function silentProtocolFollowed(ctx: CallContext, at: number): boolean {
  const { silentPromptGapMs, silentMinPrompts } = ctx.thresholds;
  const before = ctx.agent.filter((u) => u.start < at);
  if (!before.some((u) => ctx.has(ctx.lists.silentReason, u))) return false;
  let prompts = 0;
  let last = -Infinity;
  for (const u of before) {
    if (ctx.has(ctx.lists.silentReason, u)) continue;
    if (u.start - last >= silentPromptGapMs) {
      prompts++;
      last = u.start;
    }
  }
  return prompts >= silentMinPrompts;
}

/** The first hangup event (whoever hung up). */
function agentHangup(ctx: CallContext): CallEvent | undefined {
  for (const e of ctx.events) if (e.type === 'hangup') return e;
  return undefined;
}

export function checkHangup(ctx: CallContext): void {
  const h = agentHangup(ctx);
  if (!h || h.type !== 'hangup' || h.by !== 'agent') return;
  if (isSilentCall(ctx) && silentProtocolFollowed(ctx, h.at)) return;
  const endNotice = ctx.lists.endNotice;
  if (mayMatchAny(endNotice, ctx.agentMask) && ctx.agent.some((u) => u.start < h.at && ctx.has(endNotice, u))) return;
  ctx.add('hangup.agent-first', null, h.at, '坐席先挂机,未告知客户');
}

export function checkSilentCall(ctx: CallContext): void {
  if (!isSilentCall(ctx)) return;
  const h = agentHangup(ctx);
  if (!h || h.type !== 'hangup' || h.by !== 'agent') return;
  if (!silentProtocolFollowed(ctx, h.at)) ctx.add('silent-call.protocol', null, h.at, '无声电话未按规范提示两次并说明原因即挂机');
}

export function checkTransfers(ctx: CallContext): void {
  const window = ctx.thresholds.transferNoticeMs;
  for (const e of ctx.events) {
    if (e.type !== 'transfer') continue;
    const told = ctx.agent.some((u) => u.start <= e.at && u.end >= e.at - window && ctx.has(ctx.lists.transferNotice, u));
    if (!told) ctx.add('transfer.no-notice', null, e.at, `转接${e.to ? `至${e.to}` : ''}前没有告知客户`);
  }
}
