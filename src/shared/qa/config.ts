/**
 * Configuration of the automated QA engine: the taboo lexicon, the thresholds and
 * phrase lists of the 18 standard checks, and custom rules.
 *
 * Every field has a default (the service standard of /work/shared/qa-spec.md), so a
 * standard pack only writes what it overrides: `qaConfigSchema.parse({})` is the
 * default configuration. Lists replace the default list wholesale.
 *
 * ## Phrase syntax (every phrase list, taboo phrases, custom-rule keywords)
 * Phrases are matched on normalised text (Traditional → Simplified, full-width →
 * half-width, spoken numerals → digits, punctuation and spaces removed), and the
 * phrases themselves are normalised the same way, so a pack may be written in
 * Traditional characters or with spoken numerals.
 * - `您好` — a literal.
 * - `稍等…吗` — the parts, in this order, anywhere in one utterance (`…` or `...`).
 * - `/\d+个?工作日/` — a regular expression (between slashes) on the normalised text.
 * - `!已经核实` — an exception: a phrase match overlapping an exception match is ignored.
 */
import { z } from 'zod';
import { defaultPhrases, defaultTaboo, defaultThresholds, defaultWeights } from './defaults.js';
import { normalizeText } from '../text/normalize.js';

/** The 18 standard checks of the spec, in the order of the spec. */
export const checkIds = [
  'answer.late-no-apology',
  'greeting.incomplete',
  'taboo.phrase',
  'hold.no-consent',
  'hold.no-thanks',
  'hold.too-long',
  'silence.dead-air',
  'interruption',
  'speech.rate',
  'empathy.missing',
  'commitment.no-deadline',
  'recap.missing',
  'closing.no-offer',
  'closing.no-farewell',
  'hangup.agent-first',
  'silent-call.protocol',
  'transfer.no-notice',
  'privacy.disclosure',
] as const;
export type CheckId = (typeof checkIds)[number];
export const checkIdSchema = z.enum(checkIds);

const phrase = z.string().min(1, 'a phrase must not be empty');
/** A list of phrases in the phrase syntax described at the top of this module. */
export const phraseListSchema = z.array(phrase);
export type PhraseList = z.infer<typeof phraseListSchema>;

// ---------------------------------------------------------------- taboo lexicon

export const severities = ['minor', 'major', 'fatal'] as const;
export type Severity = (typeof severities)[number];

/** A taboo phrase with its own polite alternative for the agent workbench. */
export const tabooPhraseSchema = z.union([
  phrase,
  z.object({
    /** The phrase (phrase syntax; `!` exceptions belong in `exceptions`). */
    text: phrase,
    /** What the agent should say instead; overrides the class alternative. */
    alternative: z.string().optional(),
    /**
     * Longer words that hold this phrase and mean something else (医疗废物 for 废物): a
     * match of the class overlapping one of them is ignored, like the class exceptions.
     */
    exceptions: phraseListSchema.optional(),
  }),
]);

/** The text of a taboo phrase, whichever form it is written in. */
export const tabooPhraseText = (p: TabooPhrase): string => (typeof p === 'string' ? p : p.text);
export type TabooPhrase = z.infer<typeof tabooPhraseSchema>;

export const tabooClassSchema = z.object({
  /** Stable id, e.g. `shirking`, `blaming`, `impatience`, `rudeness`, `refusal`, `mocking`, `abuse`, `privacy`. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'),
  /** Name shown to supervisors, e.g. 推诿. */
  name: z.string().min(1),
  /** `fatal` makes the whole call fail (score 0), e.g. abuse. */
  severity: z.enum(severities),
  /** The taboo phrases of this class. */
  phrases: z.array(tabooPhraseSchema),
  /**
   * Harmless look-alikes: a taboo match that overlaps one of these is ignored
   * (e.g. `您还有哪里不清楚` is polite while `我不清楚` is shirking).
   */
  exceptions: phraseListSchema.default([]),
  /** Polite alternative for the whole class, shown when a phrase has none of its own. */
  alternative: z.string().optional(),
}).superRefine((c, ctx) => {
  // a single character is a taboo only in context (滚 is abuse, 滚存 and 利滚利 are not)
  c.phrases.forEach((p, i) => {
    const text = tabooPhraseText(p);
    if (text.startsWith('!') || text.startsWith('/')) return;
    const hasExceptions = typeof p !== 'string' && (p.exceptions?.length ?? 0) > 0;
    if ([...normalizeText(text)].length === 1 && !hasExceptions) {
      ctx.addIssue({
        code: 'custom',
        path: ['phrases', i],
        message: `a single character is a taboo only in context: write the words around it (e.g. ${text}出去) or give the entry the exceptions it needs`,
      });
    }
  });
});
export type TabooClass = z.infer<typeof tabooClassSchema>;

export const tabooLexiconSchema = z.object({
  /** Taboo classes; an agent utterance matching any phrase is a `taboo.phrase` violation. */
  classes: z.array(tabooClassSchema),
  /**
   * Exceptions for every class: polite questions and offers in which a taboo word is
   * harmless (e.g. `有什么不清楚的…吗`).
   */
  exceptions: phraseListSchema.default([]),
});
export type TabooLexicon = z.infer<typeof tabooLexiconSchema>;

// ---------------------------------------------------------------- custom rules

export type Role = 'agent' | 'customer' | 'any';
export type EventType = 'hold' | 'resume' | 'transfer' | 'hangup' | 'answer';

/**
 * A condition on one utterance. Leaves are combined with `all` (and), `any` (or)
 * and `not`. A leaf object may hold several keys; they must all hold.
 */
export interface Condition {
  /** All sub-conditions hold. */
  all?: Condition[];
  /** At least one sub-condition holds. */
  any?: Condition[];
  /** The sub-condition does not hold. */
  not?: Condition;
  /** Keyword tests on the normalised utterance (phrase syntax). */
  keywords?: { any?: string[]; all?: string[]; none?: string[]; atLeast?: { n: number; of: string[] } };
  /** A regular expression on the normalised utterance (no slashes). */
  regex?: string;
  /** Character-bigram (Dice) similarity ≥ threshold to any of the phrases. */
  similar?: { phrases: string[]; threshold: number };
  /** Who speaks the utterance. */
  role?: Role;
  /** Where the utterance is: among the speaker's first/last N utterances, or within N s after an event. */
  position?: { first?: number; last?: number; afterEvent?: { type: EventType; withinSeconds: number } };
  /** Timing of the utterance. */
  timing?: {
    /** Silence before the utterance (since the previous utterance ended) longer than N seconds. */
    silenceBeforeOverSeconds?: number;
    /** Characters per minute above / below. */
    rateAbove?: number;
    rateBelow?: number;
    /** Overlaps another speaker's utterance by at least N ms. */
    overlapAtLeastMs?: number;
    /** Utterance lasts longer than N seconds. */
    durationOverSeconds?: number;
  };
}

const roleSchema = z.enum(['agent', 'customer', 'any']);
const eventTypeSchema = z.enum(['hold', 'resume', 'transfer', 'hangup', 'answer']);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      all: z.array(conditionSchema).optional(),
      any: z.array(conditionSchema).optional(),
      not: conditionSchema.optional(),
      keywords: z
        .object({
          any: phraseListSchema.optional(),
          all: phraseListSchema.optional(),
          none: phraseListSchema.optional(),
          atLeast: z.object({ n: z.number().int().min(1), of: phraseListSchema }).optional(),
        })
        .strict()
        .optional(),
      regex: z
        .string()
        .refine((s) => isValidRegex(s), 'not a valid regular expression')
        .optional(),
      similar: z.object({ phrases: phraseListSchema.min(1), threshold: z.number().min(0).max(1) }).strict().optional(),
      role: roleSchema.optional(),
      position: z
        .object({
          first: z.number().int().min(1).optional(),
          last: z.number().int().min(1).optional(),
          afterEvent: z.object({ type: eventTypeSchema, withinSeconds: z.number().min(0) }).strict().optional(),
        })
        .strict()
        .optional(),
      timing: z
        .object({
          silenceBeforeOverSeconds: z.number().min(0).optional(),
          rateAbove: z.number().min(0).optional(),
          rateBelow: z.number().min(0).optional(),
          overlapAtLeastMs: z.number().min(0).optional(),
          durationOverSeconds: z.number().min(0).optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((c) => Object.keys(c).length > 0, 'a condition needs at least one key'),
);

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Kinds of call a custom rule may be limited to (closing.no-offer exempts the last three too). */
export const callTypes = ['normal', 'silent', 'harassment', 'wrong-number'] as const;
export type CallType = (typeof callTypes)[number];

export const customRuleSchema = z
  .object({
    /** Used as `check` in violations; must not be one of the 18 standard ids. */
    id: z
      .string()
      .regex(/^[a-z][a-z0-9.-]*$/, 'use lowercase letters, digits, dots and dashes')
      .refine((id) => !(checkIds as readonly string[]).includes(id), 'this id is a standard check'),
    /** Name shown to supervisors. */
    name: z.string().min(1),
    /** Points deducted once per call when the rule is violated. */
    weight: z.number().min(0).max(100),
    /** `fatal` makes the call fail (score 0). */
    severity: z.enum(severities).default('major'),
    /**
     * `forbid` (default): every utterance matching `when` is a violation.
     * `require`: the call is a violation when no utterance matches `when`.
     */
    mode: z.enum(['forbid', 'require']).default('forbid'),
    /** The condition on an utterance. */
    when: conditionSchema,
    /**
     * When the rule applies at all (every key given must hold); a call it does not concern
     * is not checked. A `require` finding says why the rule applied.
     */
    appliesWhen: z
      .object({
        /** The customer says one of these somewhere in the call (费用争议: 话费, 扣费 …). */
        heard: phraseListSchema.min(1).optional(),
        /** The agent says one of these somewhere in the call (a request registered: 帮您登记, 转交 …). */
        said: phraseListSchema.min(1).optional(),
        /** Only calls of these kinds: `normal`, `silent` (the customer never speaks), `harassment`, `wrong-number`. */
        callTypes: z.array(z.enum(callTypes)).min(1).optional(),
        /** Only calls recognised as one of these scenarios of the pack (the customer says one of its trigger keywords). */
        scenarios: z.array(z.string().min(1)).min(1).optional(),
        /**
         * Only calls where a request was registered: a ticket was created from the call, or
         * (when the engine is not told) the agent says a phrase of the `registration` list.
         */
        registered: z.literal(true).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CustomRule = z.infer<typeof customRuleSchema>;

// ---------------------------------------------------------------- rules

export const weightsSchema = z.object(
  Object.fromEntries(checkIds.map((id) => [id, z.number().min(0).max(100).default(defaultWeights[id])])) as {
    [K in CheckId]: z.ZodDefault<z.ZodNumber>;
  },
);

export const thresholdsSchema = z.object({
  /** More rings than this before the answer require an apology. */
  maxRings: z.number().int().min(0).default(defaultThresholds.maxRings),
  /** Length of one ring, to count rings from `ringMs` when `rings` is absent. */
  ringMs: z.number().positive().default(defaultThresholds.ringMs),
  /** The agent's first N utterances may carry the apology for a late answer. */
  apologyWindow: z.number().int().min(1).default(defaultThresholds.apologyWindow),
  /** A continuous hold longer than this is too long (30 s + 5 s grace). */
  holdMaxMs: z.number().min(0).default(defaultThresholds.holdMaxMs),
  /** The consent for a hold must come in one of the agent's last N utterances before it … */
  holdConsentWindow: z.number().int().min(1).default(defaultThresholds.holdConsentWindow),
  /** … and end at most this long before the hold starts. */
  holdConsentMs: z.number().min(0).default(defaultThresholds.holdConsentMs),
  /** A gap with nobody speaking longer than this (outside holds) is dead air. */
  deadAirMs: z.number().min(0).default(defaultThresholds.deadAirMs),
  /** An agent utterance overlapping a customer utterance by this much is an interruption. */
  interruptionOverlapMs: z.number().min(0).default(defaultThresholds.interruptionOverlapMs),
  /** Lowest acceptable average speech rate, characters per minute. */
  speechRateMin: z.number().min(0).default(defaultThresholds.speechRateMin),
  /** Highest acceptable average speech rate, characters per minute. */
  speechRateMax: z.number().min(0).default(defaultThresholds.speechRateMax),
  /** Only utterances with at least this many characters count for the speech rate. */
  speechRateMinChars: z.number().int().min(1).default(defaultThresholds.speechRateMinChars),
  /** Silent call: prompts at least this far apart … */
  silentPromptGapMs: z.number().min(0).default(defaultThresholds.silentPromptGapMs),
  /** … and at least this many of them. */
  silentMinPrompts: z.number().int().min(1).default(defaultThresholds.silentMinPrompts),
  /** The agent must announce a transfer at most this long before it. */
  transferNoticeMs: z.number().min(0).default(defaultThresholds.transferNoticeMs),
  /** After dissatisfaction, the agent's next N utterances may show empathy. */
  empathyWindow: z.number().int().min(1).default(defaultThresholds.empathyWindow),
  /** A deferral may get its deadline in the agent's next N utterances. */
  commitmentWindow: z.number().int().min(0).default(defaultThresholds.commitmentWindow),
});
export type QaThresholds = z.infer<typeof thresholdsSchema>;

export const phrasesSchema = z.object({
  /** Apologies (for a late answer, a wait; also count as empathy). */
  apology: phraseListSchema.default(defaultPhrases.apology),
  /** Polite greetings for the first utterance. */
  greeting: phraseListSchema.default(defaultPhrases.greeting),
  /** Asking the customer's consent before a hold. */
  holdConsent: phraseListSchema.default(defaultPhrases.holdConsent),
  /** Thanks or apology after a hold. */
  holdThanks: phraseListSchema.default(defaultPhrases.holdThanks),
  /** Customer dissatisfaction or anger. */
  dissatisfaction: phraseListSchema.default(defaultPhrases.dissatisfaction),
  /** Understanding (apologies count too). */
  empathy: phraseListSchema.default(defaultPhrases.empathy),
  /** Deferring the answer or passing the matter on. */
  commitment: phraseListSchema.default(defaultPhrases.commitment),
  /** An offer on a condition (如果…还是不行…再来电): a deferral in the same utterance promises nothing yet. */
  conditional: phraseListSchema.default(defaultPhrases.conditional),
  /** A concrete time (usually regular expressions). */
  deadline: phraseListSchema.default(defaultPhrases.deadline),
  /** Confirming the key details before closing. */
  recap: phraseListSchema.default(defaultPhrases.recap),
  /** Asking whether there is anything else. */
  closingOffer: phraseListSchema.default(defaultPhrases.closingOffer),
  /** Thanks or goodbye in the last utterance. */
  farewell: phraseListSchema.default(defaultPhrases.farewell),
  /** Telling the customer the call will be ended. */
  endNotice: phraseListSchema.default(defaultPhrases.endNotice),
  /** Saying why a silent call is ended. */
  silentReason: phraseListSchema.default(defaultPhrases.silentReason),
  /** Telling the customer where the call is transferred. */
  transferNotice: phraseListSchema.default(defaultPhrases.transferNotice),
  /** The agent registering a request (受理、转交、派单): custom rules with `appliesWhen.registered` apply. */
  registration: phraseListSchema.default(defaultPhrases.registration),
  /** Agent utterances marking a harassing call (closing offer not required). */
  harassment: phraseListSchema.default(defaultPhrases.harassment),
  /** Agent utterances marking a wrong number (closing offer not required). */
  wrongNumber: phraseListSchema.default(defaultPhrases.wrongNumber),
});
export type QaPhrases = z.infer<typeof phrasesSchema>;
export type PhraseListName = keyof QaPhrases;

export const qaRulesSchema = z.object({
  /** Points deducted per violated check (once per call). */
  weights: weightsSchema.default(() => weightsSchema.parse({})),
  /** Checks whose violation fails the call (score 0); taboo classes of severity `fatal` do too. */
  fatal: z.array(checkIdSchema).default(['privacy.disclosure']),
  /** Checks switched off for this pack. */
  disabled: z.array(checkIdSchema).default([]),
  /** Timing and window thresholds. */
  thresholds: thresholdsSchema.default(() => thresholdsSchema.parse({})),
  /** Phrase lists of the standard checks. */
  phrases: phrasesSchema.default(() => phrasesSchema.parse({})),
  /**
   * Numbers agents may give out (a roaming hotline, a service line, an office): never a
   * privacy disclosure. Digits, spaces and dashes, a leading + (e.g. +86 139 1009 9000).
   */
  publicNumbers: z
    .array(z.string().regex(/^\+?[0-9][0-9 -]*[0-9]$/, 'expected a phone number of digits, spaces and dashes, e.g. +86 139 1009 9000'))
    .default([]),
  /**
   * Points deducted once per call when the agent uses a forbidden phrasing of a scenario
   * of the pack (each scenario's phrasings are the rule `scenario.<id>`, scenario-rules.ts).
   */
  scenarioForbiddenWeight: z.number().min(0).max(100).default(10),
  /**
   * Points deducted once per call when a dispute goes on past the pack's limit without the
   * agent offering the expert seat or a ticket (callRules.unresolvedComplaint, the 180-second
   * rule; checked only in packs that carry the rule, escalation.ts).
   */
  unresolvedComplaintWeight: z.number().min(0).max(100).default(10),
  /** Rules beyond the 18 standard checks. */
  customRules: z
    .array(customRuleSchema)
    .default([])
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'custom rule ids must be unique'),
});
export type QaRules = z.infer<typeof qaRulesSchema>;

/** A scenario of the pack as the engine recognises it in a call: by its trigger keywords. */
export const scenarioTriggerSchema = z.object({ id: z.string().min(1), name: z.string().min(1), keywords: phraseListSchema });
export type ScenarioTrigger = z.infer<typeof scenarioTriggerSchema>;

/** The pack's 180-second rule as the engine checks it (toQaConfig fills it from callRules.unresolvedComplaint). */
export const escalationRuleSchema = z.object({
  /** The check id of its findings. */
  id: z.string().min(1),
  /** Name shown to supervisors. */
  name: z.string().min(1),
  /** Counted from the answer: a dispute still voiced at or after this is unresolved. */
  afterMs: z.number().min(0),
  /** The seat to offer (its name as agents say it), or null when only a ticket is offered. */
  target: z.string().min(1).nullable(),
  /** Registering a ticket counts as the offer too. */
  orCreateTicket: z.boolean(),
  /** After the first objection past the limit, the agent has this long to make the offer. */
  graceMs: z.number().min(0),
  weight: z.number().min(0).max(100),
});
export type EscalationRule = z.infer<typeof escalationRuleSchema>;

export const qaConfigSchema = qaRulesSchema.extend({
  /** The service taboo lexicon (服务忌语). */
  taboo: tabooLexiconSchema.default(() => tabooLexiconSchema.parse(defaultTaboo)),
  /** The pack's scenarios with their trigger keywords (toQaConfig fills it), for `appliesWhen.scenarios`. */
  scenarios: z.array(scenarioTriggerSchema).default([]),
  /** The pack's 180-second rule (null: the pack has none, nothing is checked). */
  escalation: escalationRuleSchema.nullable().default(null),
});
export type QaConfig = z.infer<typeof qaConfigSchema>;
export type QaConfigInput = z.input<typeof qaConfigSchema>;

/** The defaults of the service standard. */
export const defaultQaConfig: QaConfig = qaConfigSchema.parse({});
