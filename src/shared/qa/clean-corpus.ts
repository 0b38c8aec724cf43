/**
 * The clean corpus (正确通话语料): correct calls written by hand from the seeds and the
 * definitions of qa-spec.md, one text file per standard pack, turned into transcripts
 * here. Used by `npm run bench:qa-precision` and precision.test.ts to count false
 * findings. Pure: the caller reads the files.
 *
 * Format: `=== ID key=value…` starts a call (keys: caller, rings, agent); `A: …` is the
 * agent, `C: …` the customer; `~hold SECONDS`, `~transfer WHERE`, `~hangup agent`
 * (the customer hangs up by default); `#` lines are comments.
 */
import { spokenLength } from '../text/normalize.js';

/** The packs of the corpus, with the organisation and agent name its calls use. */
export const cleanPacks = [
  { id: 'general', org: '星河电器', agentName: '李娜' },
  { id: 'utility', org: '江城供电公司', agentName: '王芳' },
  { id: 'telecom', org: '云联通信', agentName: '陈晨' },
  { id: 'government-12345', org: '江城市 12345 政务服务便民热线', agentName: '刘洋' },
] as const;
export type CleanPackId = (typeof cleanPacks)[number]['id'];

export interface CleanCall {
  id: string;
  org: string;
  agent: { id: string; name: string };
  caller?: string;
  startedAt: string;
  rings: number;
  events: Array<{ type: string; at: number; by?: string; to?: string }>;
  segments: Array<{ speaker: 'agent' | 'customer'; start: number; end: number; text: string }>;
}

const CHARS_PER_MINUTE = 220;
const GAP_MS = 500;

/** The calls of one pack's text file, as transcripts. */
export function buildCleanCalls(packId: CleanPackId, source: string): CleanCall[] {
  const pack = cleanPacks.find((p) => p.id === packId)!;
  const calls: CleanCall[] = [];
  let call: CleanCall | null = null;
  let t = 0;
  let hangupBy = 'customer';
  let agentGiven = false;
  const finish = () => {
    if (!call) return;
    call.events.push({ type: 'hangup', at: t + 300, by: hangupBy });
    calls.push(call);
  };
  source.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${packId}.txt:${i + 1}`;
    if (line.startsWith('===')) {
      finish();
      const [id, ...pairs] = line.slice(3).trim().split(/\s+/);
      const kv = Object.fromEntries(pairs.map((p) => p.split('=') as [string, string]));
      const n = calls.length;
      call = {
        id: id!,
        org: pack.org,
        agent: { id: kv.agent ?? '1024', name: pack.agentName },
        ...(kv.caller ? { caller: kv.caller } : {}),
        startedAt: `2026-03-${String(2 + (n % 20)).padStart(2, '0')}T${String(9 + (n % 8)).padStart(2, '0')}:15:00+08:00`,
        rings: Number(kv.rings ?? 1),
        events: [],
        segments: [],
      };
      t = 200;
      hangupBy = 'customer';
      agentGiven = kv.agent !== undefined;
      return;
    }
    if (!call) throw new Error(`${where}: a line before the first "===" call header`);
    const m = /^([AC]):\s*(.+)$/.exec(line);
    if (m) {
      const text = m[2]!;
      const ms = Math.max(600, Math.round((spokenLength(text) * 60_000) / CHARS_PER_MINUTE));
      // the agent number is the one the first agent utterance announces, unless the header gives it
      if (m[1] === 'A' && call.segments.every((s) => s.speaker !== 'agent') && !agentGiven) {
        const said = /(\d+)号/.exec(text);
        if (said) call.agent.id = said[1]!;
      }
      call.segments.push({ speaker: m[1] === 'A' ? 'agent' : 'customer', start: t, end: t + ms, text });
      t += ms + GAP_MS;
      return;
    }
    const e = /^~(hold|transfer|hangup)\s*(.*)$/.exec(line);
    if (!e) throw new Error(`${where}: expected "A:", "C:", "~hold", "~transfer" or "~hangup"`);
    if (e[1] === 'hold') {
      const seconds = Number(e[2]);
      call.events.push({ type: 'hold', at: t }, { type: 'resume', at: t + seconds * 1000 });
      t += seconds * 1000 + GAP_MS;
    } else if (e[1] === 'transfer') {
      call.events.push({ type: 'transfer', at: t, to: e[2]! });
      t += GAP_MS;
    } else hangupBy = e[2] === 'agent' ? 'agent' : 'customer';
  });
  finish();
  return calls;
}
