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
  const r = transcriptSchema.safeParse(value);
  if (r.success) return { ok: true, transcript: r.data };
  const first = r.error.issues[0];
  return { ok: false, error: first ? formatIssue(first) : 'invalid transcript' };
}
