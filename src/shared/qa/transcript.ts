/**
 * The rexian call transcript format (see the QA spec): one call per JSON file, times
 * in ms since the answer. Validation errors name the field path, e.g.
 * `segments[3].start: expected a number`.
 */
import { z } from 'zod';

/** Error text that tells a missing field from a wrong one. */
function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `expected ${what}`);
}

const ms = z.number({ error: expected('a number') }).finite('expected a finite number').min(0, 'expected a time ≥ 0');

export const speakerSchema = z.enum(['agent', 'customer'], { error: 'expected "agent" or "customer"' });
export type Speaker = z.infer<typeof speakerSchema>;

export const segmentSchema = z.object({
  speaker: speakerSchema,
  start: ms,
  end: ms,
  text: z.string({ error: expected('a string') }),
});
export type Segment = z.infer<typeof segmentSchema>;

const holdEvent = z.object({ type: z.literal('hold'), at: ms });
const resumeEvent = z.object({ type: z.literal('resume'), at: ms });
const transferEvent = z.object({ type: z.literal('transfer'), at: ms, to: z.string({ error: expected('a string') }).optional() });
const hangupEvent = z.object({
  type: z.literal('hangup'),
  at: ms,
  by: z.enum(['customer', 'agent'], { error: 'expected "customer" or "agent"' }),
});
export const eventSchema = z.discriminatedUnion('type', [holdEvent, resumeEvent, transferEvent, hangupEvent], {
  error: 'expected an event of type "hold", "resume", "transfer" or "hangup"',
});
export type CallEvent = z.infer<typeof eventSchema>;

export const transcriptSchema = z
  .object(
    {
      id: z.string({ error: expected('a string') }).min(1, 'must not be empty'),
      org: z.string({ error: expected('a string') }).optional(),
      agent: z.object(
        {
          id: z.union([z.string(), z.number()], { error: expected('a string') }).transform(String),
          name: z.string({ error: expected('a string') }).optional(),
        },
        { error: expected('an object {"id", "name"}') },
      ),
      caller: z.union([z.string(), z.number()], { error: expected('a string') }).transform(String).optional(),
      startedAt: z.string({ error: expected('a date-time string') }).refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time'),
      ringMs: ms.optional(),
      rings: z.number({ error: expected('a number') }).int('expected a whole number').min(0).optional(),
      events: z.array(eventSchema, { error: expected('an array') }).default([]),
      segments: z.array(segmentSchema, { error: expected('an array') }),
    },
    { error: 'expected a JSON object (one call)' },
  )
  .superRefine((t, ctx) => {
    t.segments.forEach((s, i) => {
      if (s.end < s.start) ctx.addIssue({ code: 'custom', path: ['segments', i, 'end'], message: 'end is before start' });
      const prev = t.segments[i - 1];
      if (prev && s.start < prev.start) ctx.addIssue({ code: 'custom', path: ['segments', i, 'start'], message: 'segments must be ordered by start' });
    });
  });
export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptInput = z.input<typeof transcriptSchema>;

/** `segments[3].start`-style path of a zod issue. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  let message = issue.message;
  // zod's own wording for a missing field is "…, received undefined"
  if (/received undefined$/.test(message)) message = 'is required';
  return path ? `${path}: ${message}` : message;
}

export type ParseResult = { ok: true; transcript: Transcript } | { ok: false; error: string };

/** Validates an already parsed JSON value; the error is one line naming the first bad field. */
export function parseTranscript(value: unknown): ParseResult {
  const fast = acceptWellFormed(value);
  if (fast) return { ok: true, transcript: fast };
  const r = transcriptSchema.safeParse(value);
  if (r.success) return { ok: true, transcript: r.data };
  const first = r.error.issues[0];
  return { ok: false, error: first ? formatIssue(first) : 'invalid transcript' };
}

// ------------------------------------------------------------------------------------
// Fast path. zod costs about as much as JSON.parse itself, and almost every file is
// well formed. acceptWellFormed checks the same rules by hand and builds the same
// output (same keys in the same order, unknown keys dropped, ids as strings, events
// defaulting to []); on anything unusual it returns null and the schema above decides,
// which also gives the error message. So it may only be stricter than the schema.

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype;
};
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
/** An optional field that is absent (a field present with the value undefined is left to zod). */
const absent = (o: Obj, key: string): boolean => o[key] === undefined && !(key in o);

function segmentOf(v: unknown): Segment | null {
  if (!isObject(v)) return null;
  const { speaker, start, end, text } = v;
  if ((speaker !== 'agent' && speaker !== 'customer') || !isTime(start) || !isTime(end) || typeof text !== 'string') return null;
  return { speaker, start, end, text };
}

function eventOf(v: unknown): CallEvent | null {
  if (!isObject(v)) return null;
  const { type, at } = v;
  if (!isTime(at)) return null;
  if (type === 'hold' || type === 'resume') return { type, at };
  if (type === 'transfer') {
    if (absent(v, 'to')) return { type, at };
    return typeof v.to === 'string' ? { type, at, to: v.to } : null;
  }
  if (type === 'hangup') return v.by === 'customer' || v.by === 'agent' ? { type, at, by: v.by } : null;
  return null;
}

const idLike = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function acceptWellFormed(v: unknown): Transcript | null {
  if (!isObject(v)) return null;
  const { id, agent, startedAt, segments } = v;
  if (typeof id !== 'string' || id.length === 0) return null;
  if (!absent(v, 'org') && typeof v.org !== 'string') return null;
  if (!isObject(agent) || !idLike(agent.id)) return null;
  if (!absent(agent, 'name') && typeof agent.name !== 'string') return null;
  if (!absent(v, 'caller') && !idLike(v.caller)) return null;
  if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) return null;
  if (!absent(v, 'ringMs') && !isTime(v.ringMs)) return null;
  if (!absent(v, 'rings') && !(Number.isSafeInteger(v.rings) && (v.rings as number) >= 0)) return null;
  if (!Array.isArray(segments)) return null;
  const segs: Segment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segmentOf(segments[i]);
    // the schema's refinements: end not before start, segments ordered by start
    if (!s || s.end < s.start || (i > 0 && s.start < segs[i - 1]!.start)) return null;
    segs.push(s);
  }
  const events: CallEvent[] = [];
  if (!absent(v, 'events')) {
    if (!Array.isArray(v.events)) return null;
    for (const e of v.events as unknown[]) {
      const ev = eventOf(e);
      if (!ev) return null;
      events.push(ev);
    }
  }
  // key order as the schema builds it
  const out: Obj = { id };
  if (!absent(v, 'org')) out.org = v.org;
  out.agent = absent(agent, 'name') ? { id: String(agent.id) } : { id: String(agent.id), name: agent.name };
  if (!absent(v, 'caller')) out.caller = String(v.caller);
  out.startedAt = startedAt;
  if (!absent(v, 'ringMs')) out.ringMs = v.ringMs;
  if (!absent(v, 'rings')) out.rings = v.rings;
  out.events = events;
  out.segments = segs;
  return out as Transcript;
}
