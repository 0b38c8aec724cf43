/**
 * From the CTI events of one ended call to the QA transcript (../qa/transcript.ts, the
 * format of the QA spec), so a call that came in over the webhook is checked like a
 * transcript file. Pure, no Node APIs: it runs in the browser too.
 *
 * Choices:
 * - Events are put in order by seq, then `at`, then eventId, whatever order they came
 *   in; an eventId seen twice counts once. Events of another call than the answered
 *   one are ignored.
 * - The agent is the one who answered (the first call.answered). When the call goes on
 *   to someone else — a call.transferred to a queue, a desk or another agent, or a
 *   call.answered by another agent — QA judges the first agent's part: the transcript
 *   ends at that transfer (the transfer event is kept, so the notice check sees it;
 *   later segments, holds and the final hang-up belong to the next party and are left
 *   out). A transfer to the same agent (`agentId` equal to the answering agent's) does
 *   not end it.
 * - The hang-up comes from call.ended: `by` is its endedBy. endedBy `system` (the
 *   switch cleared the call: a timeout, a dropped line) blames neither side, so no
 *   hangup event is written for it.
 * - caller: `from` of the ringing event, or `to` for an outbound call (the customer's
 *   number either way, which the privacy check needs); startedAt: the ringing `at`
 *   (the answer's when there is no ringing); ringMs = answer − ringing.
 * - Times in events and segments are ms since the answer; anything before the answer
 *   is dropped.
 */
import type { CallEvent as QaCallEvent, Segment, Transcript } from '../qa/transcript.js';
import type { CallEvent } from './events.js';

export interface QaTranscriptInfo {
  /** Transcript id; default the callId. */
  id?: string;
  /** Organisation name the agent must announce (greeting check). */
  org?: string;
  agentName?: string;
}

/** The order events are applied in: seq, then at, then eventId. */
export function compareCallEvents(a: CallEvent, b: CallEvent): number {
  return a.seq - b.seq || Date.parse(a.at) - Date.parse(b.at) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** The QA transcript of one ended call, or null when it was never answered or has no speech. */
export function toQaTranscript(events: CallEvent[], info: QaTranscriptInfo = {}): Transcript | null {
  const seen = new Set<string>();
  const ordered = events.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true))).sort(compareCallEvents);
  const answered = ordered.find((e) => e.type === 'call.answered');
  if (!answered || answered.type !== 'call.answered') return null;
  const call = ordered.filter((e) => e.callId === answered.callId);
  const answerMs = Date.parse(answered.at);
  const sinceAnswer = (at: string): number => Date.parse(at) - answerMs;
  const agentId = answered.agentId;

  // where the answering agent's part ends (ms since the answer)
  let cut = Infinity;
  const answerIndex = call.indexOf(answered);
  for (const e of call.slice(answerIndex + 1)) {
    const handedOn = (e.type === 'call.transferred' && e.agentId !== agentId) || (e.type === 'call.answered' && e.agentId !== agentId);
    if (handedOn) {
      cut = Math.max(0, sinceAnswer(e.at));
      break;
    }
  }

  const qaEvents: QaCallEvent[] = [];
  const segments: Segment[] = [];
  for (const e of call) {
    const at = sinceAnswer(e.at);
    switch (e.type) {
      case 'call.hold':
      case 'call.resume':
        if (at >= 0 && at < cut) qaEvents.push({ type: e.type === 'call.hold' ? 'hold' : 'resume', at });
        break;
      case 'call.transferred':
        if (at >= 0 && at <= cut) qaEvents.push({ type: 'transfer', at, to: e.target });
        break;
      case 'call.ended':
        if (e.endedBy !== 'system' && at >= 0 && at < cut) qaEvents.push({ type: 'hangup', at, by: e.endedBy });
        break;
      case 'transcript.segment': {
        const s = e.segment;
        if (s.start < cut) segments.push({ speaker: s.speaker, start: s.start, end: s.end, text: s.text });
        break;
      }
      default:
        break;
    }
  }
  if (segments.length === 0) return null;
  // stable sorts: equal keys keep the seq order
  segments.sort((a, b) => a.start - b.start || a.end - b.end);
  qaEvents.sort((a, b) => a.at - b.at);

  const ringing = call.find((e) => e.type === 'call.ringing');
  const caller = ringing?.type === 'call.ringing' ? (ringing.direction === 'out' ? ringing.to : ringing.from) : undefined;
  const transcript: Transcript = {
    id: info.id ?? answered.callId,
    ...(info.org !== undefined ? { org: info.org } : {}),
    agent: info.agentName !== undefined ? { id: agentId, name: info.agentName } : { id: agentId },
    ...(caller !== undefined ? { caller } : {}),
    startedAt: ringing ? ringing.at : answered.at,
    ...(ringing ? { ringMs: Math.max(0, answerMs - Date.parse(ringing.at)) } : {}),
    events: qaEvents,
    segments,
  };
  return transcript;
}
