/**
 * Deliberate mistakes: each edits a plan done by the book so that one or two QA
 * checks have something to find. A mistake is only drawn where the call gives it a
 * chance (no missing hold consent in a call without a hold).
 */
import type { Pack } from '../../standards/schema.js';
import { spokenLength } from '../../text/normalize.js';
import type { Beat, Line, Plan } from './plan.js';
import type { Rng } from './random.js';

export const mistakeKinds = [
  'greeting',
  'late-apology',
  'taboo',
  'hold-no-consent',
  'hold-too-long',
  'hold-no-thanks',
  'dead-air',
  'interruption',
  'too-fast',
  'no-empathy',
  'no-deadline',
  'no-recap',
  'no-offer',
  'no-farewell',
  'agent-hangup',
  'silent-protocol',
  'no-transfer-notice',
  'privacy',
] as const;
export type MistakeKind = (typeof mistakeKinds)[number];

/** The QA checks (spec ids) each mistake is meant to trip. */
export const mistakeChecks: Record<MistakeKind, string[]> = {
  greeting: ['greeting.incomplete'],
  'late-apology': ['answer.late-no-apology'],
  taboo: ['taboo.phrase'],
  'hold-no-consent': ['hold.no-consent'],
  'hold-too-long': ['hold.too-long'],
  'hold-no-thanks': ['hold.no-thanks'],
  'dead-air': ['silence.dead-air'],
  interruption: ['interruption'],
  'too-fast': ['speech.rate'],
  'no-empathy': ['empathy.missing'],
  'no-deadline': ['commitment.no-deadline'],
  'no-recap': ['recap.missing'],
  'no-offer': ['closing.no-offer'],
  'no-farewell': ['closing.no-farewell'],
  'agent-hangup': ['hangup.agent-first'],
  'silent-protocol': ['silent-call.protocol', 'hangup.agent-first', 'closing.no-farewell'],
  'no-transfer-notice': ['transfer.no-notice'],
  privacy: ['privacy.disclosure'],
};

/** How often each mistake is drawn, among those a call allows. */
const weights: Record<MistakeKind, number> = {
  greeting: 10,
  'late-apology': 8,
  taboo: 10,
  'hold-no-consent': 7,
  'hold-too-long': 7,
  'hold-no-thanks': 5,
  'dead-air': 7,
  interruption: 5,
  'too-fast': 5,
  'no-empathy': 7,
  'no-deadline': 7,
  'no-recap': 7,
  'no-offer': 8,
  'no-farewell': 5,
  'agent-hangup': 7,
  'silent-protocol': 30,
  'no-transfer-notice': 15,
  privacy: 1,
};

// The QA engine's apology words (defaults): a late answer is excused by any of them in the first two agent lines.
const APOLOGY = /抱歉|对不起|不好意思|久等|让您等|原谅|谅解|见谅|失礼了|耽误您/;

const isLine = (b: Beat | undefined): b is Line => b?.kind === 'line';
const lines = (plan: Plan): Line[] => plan.beats.filter(isLine);
const agentLines = (plan: Plan): Line[] => lines(plan).filter((l) => l.speaker === 'agent');
const tagged = (plan: Plan, tag: Line['tag']): Line[] => lines(plan).filter((l) => l.tag === tag);

/** Indexes of agent lines that answer a caller line directly (no hold between): where a slip fits. */
function answersToCaller(plan: Plan, minCallerChars = 0, minAgentChars = 0): number[] {
  const out: number[] = [];
  plan.beats.forEach((b, i) => {
    const prev = plan.beats[i - 1];
    if (!isLine(b) || b.speaker !== 'agent' || b.tag === 'thanks' || spokenLength(b.text) < minAgentChars) return;
    if (isLine(prev) && prev.speaker === 'customer' && spokenLength(prev.text) >= minCallerChars) out.push(i);
  });
  return out;
}

/** Lines no other mistake removes (a pause or an overlap put on them stays). */
const kept = (plan: Plan, indexes: number[]): number[] => indexes.filter((i) => !['recap', 'offer'].includes((plan.beats[i] as Line).tag));
/** Plain lines no other mistake rewrites (words added to them stay). */
const plain = (plan: Plan, indexes: number[]): number[] => indexes.filter((i) => (plan.beats[i] as Line).tag === 'body');

/** The mistakes this call leaves room for. */
export function eligibleMistakes(plan: Plan, late: boolean): MistakeKind[] {
  const out: MistakeKind[] = ['greeting', 'too-fast'];
  const agent = agentLines(plan);
  const silent = plan.kind === 'silent';
  if (late && agent[0]?.alt !== undefined && !APOLOGY.test(agent[1]?.text ?? '')) out.push('late-apology');
  if (silent) {
    if (plan.ending.type === 'hangup' && plan.ending.by === 'agent') out.push('silent-protocol');
    return out;
  }
  if (answersToCaller(plan).length > 0) out.push('taboo');
  if (kept(plan, answersToCaller(plan)).length > 0) out.push('dead-air');
  if (plain(plan, answersToCaller(plan)).length > 0) out.push('privacy');
  if (plain(plan, answersToCaller(plan, 18, 16)).length > 0) out.push('interruption');
  if (plan.beats.some((b) => b.kind === 'hold')) out.push('hold-no-consent', 'hold-too-long');
  if (tagged(plan, 'thanks').length > 0) out.push('hold-no-thanks');
  if (tagged(plan, 'empathy').some((l) => l.alt !== undefined)) out.push('no-empathy');
  if (tagged(plan, 'deadline').some((l) => l.alt !== undefined && l.alt !== l.text)) out.push('no-deadline');
  if (plan.deferral && tagged(plan, 'recap').length > 0) out.push('no-recap');
  if (tagged(plan, 'offer').length > 0) out.push('no-offer');
  if (tagged(plan, 'farewell').length > 0 && plan.ending.type !== 'transfer') out.push('no-farewell', 'agent-hangup');
  if (tagged(plan, 'notice').length > 0) out.push('no-transfer-notice');
  return out;
}

/** Draws the mistakes of one call: none with probability 1 − rate, else one (sometimes two). */
export function drawMistakes(rng: Rng, plan: Plan, late: boolean, rate: number): MistakeKind[] {
  if (rate <= 0 || !rng.chance(rate)) return [];
  const eligible = eligibleMistakes(plan, late);
  const count = rng.chance(0.25) ? 2 : 1;
  const out: MistakeKind[] = [];
  for (let k = 0; k < count && out.length < eligible.length; k++) {
    const left = Object.fromEntries(eligible.filter((m) => !out.includes(m)).map((m) => [m, weights[m]])) as Partial<Record<MistakeKind, number>>;
    out.push(rng.weighted(left));
  }
  return out;
}

/** A taboo phrase of the pack, as an agent would blurt it (usually not an abusive one). */
function tabooPhrase(pack: Pack, rng: Rng): string {
  const classes = pack.taboo.classes.filter((c) => c.phrases.length > 0);
  const mild = classes.filter((c) => c.severity !== 'fatal');
  const pool = mild.length > 0 && (rng.chance(0.95) || mild.length === classes.length) ? mild : classes;
  for (let attempt = 0; attempt < 20; attempt++) {
    const cls = rng.pick(pool);
    const raw = rng.pick(cls.phrases);
    const text = typeof raw === 'string' ? raw : raw.text;
    if (text.startsWith('/') || text.startsWith('!')) continue;
    return text.replace(/…|\.\.\./g, '那个');
  }
  return '我也没办法';
}

/** A random index of the list, or -1 when it is empty. */
const pickOr = (rng: Rng, indexes: number[]): number => (indexes.length > 0 ? rng.pick(indexes) : -1);

function mobileNumber(rng: Rng): string {
  return `1${rng.pick(['39', '58', '86', '37', '51'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Applies the mistakes to the plan, in place. */
export function applyMistakes(plan: Plan, mistakes: readonly MistakeKind[], pack: Pack, org: string, agentNo: string, rng: Rng): void {
  const beats = plan.beats;
  const replaceTagged = (tag: Line['tag']): void => {
    for (let i = beats.length - 1; i >= 0; i--) {
      const b = beats[i]!;
      if (!isLine(b) || b.tag !== tag || b.alt === undefined) continue;
      if (b.alt === '') beats.splice(i, 1);
      else beats[i] = { ...b, text: b.alt };
    }
  };
  const removeTagged = (...tags: Array<Line['tag']>): void => {
    for (let i = beats.length - 1; i >= 0; i--) {
      const b = beats[i]!;
      if (isLine(b) && tags.includes(b.tag)) beats.splice(i, 1);
    }
  };
  for (const m of mistakes) {
    switch (m) {
      case 'greeting': {
        const g = beats.findIndex((b) => isLine(b) && b.tag === 'greeting');
        const line = beats[g] as Line;
        const apology = line.alt !== undefined ? line.text.slice(0, line.text.length - line.alt.length) : '';
        const variants = [`您好，${org}，请讲。`, `您好，${agentNo}号，请讲。`, '喂，你好，请讲。', `${org}，请讲。`];
        const variant = rng.pick(variants);
        // keeps an alt without the apology, so a late-apology mistake drawn after this one still applies
        beats[g] = { ...line, text: `${apology}${variant}`, alt: line.alt === undefined ? undefined : variant };
        break;
      }
      case 'late-apology':
        replaceTagged('greeting');
        break;
      case 'taboo': {
        const at = pickOr(rng, answersToCaller(plan).filter((k) => (beats[k] as Line).overlapMs === undefined));
        if (at < 0) break;
        beats.splice(at, 0, { kind: 'line', speaker: 'agent', text: `${rng.pick(['唉，', '嗯，', ''])}${tabooPhrase(pack, rng)}。`, tag: 'body' });
        break;
      }
      case 'privacy': {
        const at = pickOr(rng, plain(plan, answersToCaller(plan)));
        if (at < 0) break;
        const line = beats[at] as Line;
        beats[at] = { ...line, text: `${line.text}经办人的手机是${mobileNumber(rng)}，您也可以直接找他。` };
        break;
      }
      case 'dead-air': {
        const at = pickOr(rng, kept(plan, answersToCaller(plan)).filter((i) => (beats[i] as Line).overlapMs === undefined));
        if (at >= 0) beats[at] = { ...(beats[at] as Line), gapMs: rng.int(12_000, 25_000) };
        break;
      }
      case 'interruption': {
        const at = pickOr(rng, plain(plan, answersToCaller(plan, 18, 16)).filter((i) => (beats[i] as Line).gapMs === undefined));
        if (at >= 0) beats[at] = { ...(beats[at] as Line), overlapMs: rng.int(2300, 3200) };
        break;
      }
      case 'too-fast':
        plan.agentCpm = rng.uniform(330, 390);
        break;
      case 'hold-no-consent':
        replaceTagged('consent');
        break;
      case 'hold-too-long': {
        // one long hold instead of a lookup split by a check-in
        removeTagged('checkin', 'checkin-reply');
        for (let i = beats.length - 1; i >= 0; i--) {
          const b = beats[i]!;
          if (b.kind === 'hold' && b.part === 2) beats.splice(i, 1);
        }
        const first = beats.findIndex((b) => b.kind === 'hold');
        beats[first] = { kind: 'hold', part: 1, ms: rng.int(42_000, 75_000) };
        break;
      }
      case 'hold-no-thanks':
        replaceTagged('thanks');
        break;
      case 'no-empathy':
        replaceTagged('empathy');
        break;
      case 'no-deadline':
        replaceTagged('deadline');
        break;
      case 'no-recap':
        removeTagged('recap', 'recap-reply');
        break;
      case 'no-offer':
        removeTagged('offer', 'offer-reply');
        break;
      case 'no-farewell': {
        const f = beats.findIndex((b) => isLine(b) && b.tag === 'farewell');
        beats[f] = { ...(beats[f] as Line), text: rng.pick(['好的。', '嗯，行。', '就这样。']) };
        // no end notice after it (that would say goodbye after all); an agent hang-up drawn too stays
        if (plan.ending.type === 'linger') plan.ending = { type: 'hangup', by: 'customer', afterMs: rng.int(800, 2000) };
        break;
      }
      case 'agent-hangup':
        plan.ending = { type: 'hangup', by: 'agent', afterMs: rng.int(300, 900) };
        break;
      case 'silent-protocol': {
        removeTagged('prompt', 'silent-end');
        beats.push({ kind: 'line', speaker: 'agent', text: rng.pick(['喂？您好？', '喂？请讲。']), tag: 'prompt', gapMs: rng.int(2000, 4000) });
        plan.ending = { type: 'hangup', by: 'agent', afterMs: rng.int(1000, 3000) };
        break;
      }
      case 'no-transfer-notice':
        replaceTagged('notice');
        break;
    }
  }
}
