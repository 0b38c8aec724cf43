/**
 * A simulated call before it has times: the lines in order, holds, and how it ends.
 * Flows (flows.ts) write plans from the pack's scripts, mistakes (mistakes.ts) edit
 * them, and timing.ts turns a plan into segments in ms since the answer.
 */
import { renderScript } from '../../standards/render.js';
import type { Pack, Scenario } from '../../standards/schema.js';
import type { Rng } from './random.js';

export type Speaker = 'agent' | 'customer';

/** What a line is for; mistakes look lines up by tag. */
export type LineTag =
  | 'greeting'
  | 'body'
  | 'empathy'
  | 'recap'
  | 'recap-reply'
  | 'deadline'
  | 'consent'
  | 'consent-reply'
  | 'checkin'
  | 'checkin-reply'
  | 'thanks'
  | 'offer'
  | 'offer-reply'
  | 'farewell'
  | 'notice'
  | 'end-notice'
  | 'prompt'
  | 'silent-end';

export interface Line {
  kind: 'line';
  speaker: Speaker;
  text: string;
  tag: LineTag;
  /** The same line without what a mistake removes (the deadline, the thanks, the empathy …). */
  alt?: string;
  /** Silence before the line, instead of the usual short pause. */
  gapMs?: number;
  /** The agent starts this long before the caller has finished (an interruption). */
  overlapMs?: number;
}

export interface HoldBeat {
  kind: 'hold';
  ms: number;
  /** 2 for the second part of a lookup split by a check-in. */
  part: 1 | 2;
}

/** Placeholder for the clarifying questions that make long calls long. */
export interface ExtrasBeat {
  kind: 'extras';
  place: boolean;
}

export type Beat = Line | HoldBeat | ExtrasBeat;

export type Ending =
  | { type: 'hangup'; by: 'customer' | 'agent'; afterMs: number }
  /** The caller stays on the line after the farewell: the agent says the end notice and hangs up. */
  | { type: 'linger' }
  | { type: 'transfer'; target: string };

export const callKinds = ['consult', 'help', 'complaint', 'report', 'suggestion', 'progress', 'escalation', 'repeat', 'silent', 'wrong-number', 'harassment'] as const;
export type CallKind = (typeof callKinds)[number];

export interface Plan {
  kind: CallKind;
  beats: Beat[];
  ending: Ending;
  /** The agent defers the matter (a commitment), so a recap is due. */
  deferral: boolean;
  /** Agent speaking rate, characters per minute. */
  agentCpm: number;
}

export interface CallSetting {
  pack: Pack;
  rng: Rng;
  org: string;
  agentNo: string;
  agentName: string;
  /** Answered after more rings than the standard allows: the greeting owes an apology. */
  late: boolean;
  /** Epoch ms of the answer (for the dates the agent quotes). */
  answeredAt: number;
}

/** The text with its trailing punctuation replaced by a Chinese comma, to lead into more words. */
export const lead = (text: string): string => `${text.trim().replace(/[,，。.!！;；\s]+$/u, '')}，`;

/** Fills the blanks (……) of a script in order; the last part is reused when there are more blanks. */
export function fillBlanks(script: string, parts: string[]): string {
  let i = 0;
  return script.replace(/……|\.{6}|…/g, () => parts[Math.min(i++, parts.length - 1)] ?? '相关情况');
}

/** Month and day (+08:00) `days` days after `at`, the way an agent says a deadline: 11月28日. */
export function dayText(at: number, days: number): string {
  const d = new Date(at + 8 * 3_600_000 + days * 86_400_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export class PlanBuilder {
  readonly beats: Beat[] = [];

  constructor(readonly s: CallSetting) {}

  get rng(): Rng {
    return this.s.rng;
  }

  /** A script with the call's placeholders filled in. */
  render(template: string, extra: Record<string, string> = {}): string {
    const { pack, org, agentNo, agentName } = this.s;
    return renderScript(template, { org, agentId: agentNo, agentName, hotline: pack.identity.hotline, ...extra });
  }

  scenario(id: string): Scenario | undefined {
    return this.s.pack.scenarios.find((x) => x.id === id);
  }

  /** The n-th unconditional script of a scenario (or the n-th one for the condition matching `when`), else the fallback. */
  script(id: string, n: number, fallback: string, when?: RegExp): string {
    const steps = (this.scenario(id)?.steps ?? []).filter((st) => st.script !== undefined && (when ? st.when !== undefined && when.test(st.when) : st.when === undefined));
    return this.render(steps[n]?.script ?? fallback);
  }

  agent(text: string, tag: LineTag = 'body', more: Partial<Line> = {}): this {
    this.beats.push({ kind: 'line', speaker: 'agent', text, tag, ...more });
    return this;
  }

  customer(text: string, tag: LineTag = 'body', more: Partial<Line> = {}): this {
    this.beats.push({ kind: 'line', speaker: 'customer', text, tag, ...more });
    return this;
  }

  extras(place: boolean): this {
    this.beats.push({ kind: 'extras', place });
    return this;
  }

  /** The opening: the pack's greeting, after the apology when the call waited too long. */
  greeting(): this {
    const { pack } = this.s;
    const greeting = this.render(pack.identity.greeting);
    if (!this.s.late) return this.agent(greeting, 'greeting');
    const apology = this.render(pack.callRules.answer.apologies[0] ?? '抱歉让您久等了');
    return this.agent(`${lead(apology)}${greeting}`, 'greeting', { alt: greeting });
  }

  /**
   * A lookup on hold: the consent question, the caller's yes, the hold (split by a
   * check-in when it runs past the check-in interval), then the thanks — opening
   * `answer`, or alone when `answer` is null (the caller adds the next line itself).
   */
  lookup(answer: string | null, acks: readonly string[]): this {
    const { pack } = this.s;
    const rules = pack.callRules.hold;
    this.agent(this.render(rules.consentScript), 'consent', { alt: this.rng.pick(['我查一下。', '我帮您看一下。', '我在系统里找找。']) });
    this.customer(this.rng.pick(acks), 'consent-reply');
    const limit = Math.min(rules.checkInEverySeconds, 30) * 1000;
    const total = Math.max(6000, Math.round(this.rng.lognormal(22_000, 0.45)));
    if (total <= limit - 1500) {
      this.beats.push({ kind: 'hold', ms: total, part: 1 });
    } else {
      const first = this.rng.int(Math.round(limit * 0.7), limit - 1500);
      this.beats.push({ kind: 'hold', ms: first, part: 1 });
      this.agent(this.render(rules.checkInScript), 'checkin');
      this.customer(this.rng.pick(['好的。', '嗯，没事。', '行。']), 'checkin-reply');
      this.beats.push({ kind: 'hold', ms: Math.max(5000, Math.min(total - first, limit - 2000)), part: 2 });
    }
    const thanks = this.render(rules.thanksScript);
    // alt '' drops the line: the next line then opens without thanks
    if (answer === null) return this.agent(`${lead(thanks).slice(0, -1)}。`, 'thanks', { alt: '' });
    return this.agent(`${lead(thanks)}${answer}`, 'thanks', { alt: answer });
  }

  /** Whether there is anything else, the caller's no, and the farewell. */
  closing(replies: readonly string[]): this {
    const c = this.s.pack.callRules.closing;
    this.agent(this.render(c.offerFurtherHelp), 'offer');
    this.customer(this.rng.pick(replies), 'offer-reply');
    return this.agent(this.render(c.farewell), 'farewell');
  }

  /** The line before a transfer that tells the caller where the call goes. */
  transferNotice(target: string): this {
    const notice = this.render(this.s.pack.callRules.transfer.notice, { target });
    return this.agent(`${lead(notice).slice(0, -1)}。谢谢！`, 'notice', { alt: '好的，请稍候，谢谢。' });
  }
}
