/**
 * The standard pack (服务规范): a hotline's written service standard as data.
 *
 * A pack is a folder of YAML files (or one YAML file) whose top-level sections are
 * merged into one document and validated by `packSchema`. Pack editors read this
 * file: every field carries a short comment saying what it is for.
 *
 * ## Conventions used throughout
 * - **ids** are lowercase letters, digits, dots and dashes (`silent-call`, `p1`,
 *   `complaint.billing`). They are what other sections and tickets refer to, so
 *   renaming one is a breaking change; names (Chinese) can change freely.
 * - **durations** are a whole number and a unit: `30m` minutes, `2h` hours, `3d`
 *   calendar days, `4bh` business hours, `7wd` working days. `0m` means immediately.
 * - **scripts** are what the agent says. They may contain the placeholders
 *   `{org}`, `{agentId}`, `{agentName}`, `{hotline}`, `{city}`, `{customer}` (how to
 *   address the caller, e.g. 王女士), `{target}` (where a call is transferred) and
 *   `{time}` (a concrete deadline). `{org}`, `{hotline}` and `{city}` come from the
 *   organisation's profile where it gives them, else from `identity` (packIdentity).
 *   See `renderScript`.
 * - **phrases** (taboo phrases, forbidden phrasings, trigger keywords) use the phrase
 *   syntax of the QA engine (src/shared/qa/config.ts): a literal, `A…B` for parts in
 *   order, `/regex/`, `!exception`.
 */
import { z } from 'zod';
import { defaultQaConfig, qaRulesSchema, tabooLexiconSchema, thresholdsSchema, type QaThresholds } from '../qa/config.js';
import { roles } from '../roles.js';
import { packWorkflowIssues } from '../tickets/pack-workflow.js';
import { callerTextKinds, callerTextPlaceholders, estimatedLength, SMS_MAX_CHARS } from '../tickets/caller-texts.js';
import { departmentEffects, packEffects, partStatuses, RESUME, STAY, workflowTimerKinds } from '../tickets/workflow.js';

const packTimerKinds = workflowTimerKinds.map((k) => k.replace(/_/g, '-')) as unknown as readonly [string, ...string[]];

// ---------------------------------------------------------------- building blocks

/** Syntax of a duration: a whole number and one of the units m, h, d, bh, wd. */
export const DURATION_PATTERN = /^\d+(m|h|d|bh|wd)$/;

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration: a whole number and a unit — m (minutes), h (hours), d (days), bh (business hours) or wd (working days), e.g. 30m, 2h, 3d, 4bh, 7wd');
export type DurationText = z.infer<typeof durationSchema>;

const ID_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;
export const idSchema = z.string().regex(ID_PATTERN, 'expected an id: lowercase letters, digits, dots and dashes, e.g. silent-call');

/** Non-empty text (names, descriptions, guidance). */
const text = z.string().trim().min(1, 'expected a non-empty string');

/** Placeholders a script may use; anything else in braces is a typo. */
export const scriptPlaceholders = ['org', 'agentId', 'agentName', 'hotline', 'city', 'customer', 'target', 'time'] as const;
export type ScriptPlaceholder = (typeof scriptPlaceholders)[number];
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholder names used in a template, in order of appearance (with repeats). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Text with placeholders, each one of `allowed`. */
const templateSchema = (allowed: readonly string[]) =>
  text.superRefine((s, ctx) => {
    for (const name of placeholdersIn(s)) {
      if (!allowed.includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}: use ${allowed.map((p) => `{${p}}`).join(', ')}`,
        });
      }
    }
  });

/** What the agent says: non-empty, only known placeholders. */
export const scriptSchema = templateSchema(scriptPlaceholders);

/** Placeholders the organisation's name may use (`{city} 12345 政务服务便民热线`): what the organisation's profile gives. */
export const identityPlaceholders = ['city', 'hotline'] as const;

/** A phrase in the QA phrase syntax (literal, `A…B`, `/regex/`, `!exception`). */
const phraseSchema = z.string().min(1, 'expected a non-empty phrase');
const phraseList = z.array(phraseSchema);

/**
 * A recognition cue for the workbench's suggestions (phrase syntax): a word or phrase
 * the caller says or the agent types in the notes, e.g. `停水了`, `听不到…声音`,
 * `/\d+次了/`, `!不是投诉` (an exception: a cue match overlapping it is ignored).
 */
export const cueSchema = phraseSchema.superRefine((cue, ctx) => {
  const body = cue.startsWith('!') ? cue.slice(1) : cue;
  if (body.length > 2 && body.startsWith('/') && body.endsWith('/')) {
    try {
      new RegExp(body.slice(1, -1), 'u');
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${body}` });
    }
  } else if (!/[\p{L}\p{N}]/u.test(body)) {
    ctx.addIssue({ code: 'custom', message: 'expected a cue with letters or digits (punctuation and spaces are ignored when matching)' });
  }
});
export const cueList = z.array(cueSchema);

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeOfDay = z.string().regex(TIME_OF_DAY, 'expected a time of day as HH:MM (24-hour clock), e.g. 22:00');

export const languages = ['zh-CN', 'zh-TW', 'en'] as const;

// ---------------------------------------------------------------- pack metadata

export const packMetaSchema = z.strictObject({
  /** Stable id of the pack, e.g. `general`, `government-12345`. */
  id: idSchema,
  /** Name shown in the admin UI. */
  name: text,
  /** Semantic version of this edition of the standard; raise it on every published change. */
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'expected a version like 1.0.0'),
  /** Kind of hotline the pack is written for. */
  industry: z.enum(['enterprise', 'government', 'utility', 'telecom', 'other']),
  /** What the pack covers and what an adopter must adjust. */
  description: text.optional(),
  /** Where the facts come from (documents, regulations); the wording is the pack's own. */
  sources: z.array(text).default([]),
});
export type PackMeta = z.infer<typeof packMetaSchema>;

// ---------------------------------------------------------------- identity

export const identitySchema = z.strictObject({
  /**
   * Organisation name, as the agent announces it (`{org}`). May use `{city}` and `{hotline}`
   * (`{city} 12345 政务服务便民热线`), so one pack serves hotlines of several cities: each
   * organisation's profile gives its own city and number.
   */
  org: templateSchema(identityPlaceholders),
  /** The hotline number callers dial (`{hotline}`), e.g. 400-800-1234, 12345, 95598; an organisation's profile may give its own. */
  hotline: z.string().regex(/^\+?[0-9][0-9 -]*[0-9]$/, 'expected a phone number of digits, spaces and dashes, e.g. 400-800-1234'),
  /** The city (`{city}`), e.g. 江城市: the default for organisations whose profile gives none. Required when a script uses `{city}`. */
  city: text.optional(),
  /** The opening line; must contain the placeholders the greeting rules require, e.g. `您好,{org},{agentId}号为您服务`. */
  greeting: scriptSchema,
  /** Languages the hotline serves; the first is the default. */
  languages: z.array(z.enum(languages)).min(1, 'expected at least one language'),
});
export type Identity = z.infer<typeof identitySchema>;

// ---------------------------------------------------------------- call rules

export const greetingParts = ['greeting', 'org', 'agentId', 'agentName', 'offer'] as const;

export const transferTargetSchema = z.strictObject({
  /** Id used by scenario follow-ups (`transfer: complaints-desk`). */
  id: idSchema,
  /** Name the agent says, e.g. 投诉专席 (`{target}`). */
  name: text,
  /** `desk` a specialist seat, `department` a back-office department, `supervisor` team lead / duty manager, `external` another hotline. */
  kind: z.enum(['desk', 'department', 'supervisor', 'external']),
  /** What the target handles. */
  description: text.optional(),
  /** Number to give the caller for an external target (e.g. 110, 12315). */
  number: z.string().optional(),
});
export type TransferTarget = z.infer<typeof transferTargetSchema>;

export const callRulesSchema = z.strictObject({
  /** Answering the call. */
  answer: z.strictObject({
    /** After this many rings the agent owes an apology for the wait. */
    maxRings: z.number().int().min(1),
    /** Apologies for a late answer (scripts); the first is the recommended one. */
    apologies: z.array(scriptSchema).min(1, 'expected at least one apology'),
  }),
  /** The first sentence of every call. */
  greeting: z.strictObject({
    /** Parts the greeting must contain: `greeting` (您好), `org`, `agentId` (工号), `agentName`, `offer` (请问有什么可以帮您). */
    requiredParts: z.array(z.enum(greetingParts)).min(1),
    /** When the caller greets first: the reply. */
    replyToCustomerGreeting: scriptSchema.optional(),
    /** How to address the caller once the surname is known. */
    addressCustomer: text.optional(),
  }),
  /** Putting the caller on hold. */
  hold: z.strictObject({
    /** Ask before holding and wait for a yes. */
    askConsent: z.boolean(),
    /** Recommended consent question (says why, asks, gives an estimate). */
    consentScript: scriptSchema,
    /** Come back to the caller at least this often during a hold. */
    checkInEverySeconds: z.number().int().min(1),
    /** What to say when checking in. */
    checkInScript: scriptSchema,
    /** Thank or apologise after the wait. */
    thankAfterWait: z.boolean(),
    /** Recommended line after the wait. */
    thanksScript: scriptSchema,
    /** Longest hold in total before offering a callback instead. */
    maxHoldSeconds: z.number().int().min(1),
  }),
  /** A call where the caller cannot be heard. */
  silentCall: z.strictObject({
    /** Prompts, said in order. */
    prompts: z.array(scriptSchema).min(1, 'expected at least one prompt'),
    /** Wait between prompts. */
    promptGapSeconds: z.number().int().min(1),
    /** Tells the caller why the call ends and how to reach us again. */
    endNotice: scriptSchema,
    /** Wait after the notice before the agent may hang up. */
    hangupAfterSeconds: z.number().int().min(0),
  }),
  /** Ending the call. */
  closing: z.strictObject({
    /** Ask whether there is anything else. */
    offerFurtherHelp: scriptSchema,
    /** Thanks and goodbye. */
    farewell: scriptSchema,
    /** The caller hangs up first. */
    customerHangsUpFirst: z.boolean(),
    /** When the caller stays on the line: the line the agent says before it may end the call. */
    agentEndNotice: scriptSchema,
    /** Wait after `agentEndNotice` before hanging up. */
    hangupAfterSeconds: z.number().int().min(0),
  }),
  /** Average speech rate of the agent, characters per minute. */
  speechRate: z
    .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
    .refine((r) => r.min < r.max, 'expected min lower than max'),
  /** Longest acceptable silence (nobody speaking, outside holds). */
  deadAirSeconds: z.number().int().min(1),
  /** Overlap with the caller's speech that counts as interrupting. */
  interruptionSeconds: z.number().min(0),
  /** Transferring a call. */
  transfer: z.strictObject({
    /** Tell the caller where the call goes before transferring (`{target}`). */
    notice: scriptSchema,
    /** Where calls may be transferred; scenario follow-ups refer to these ids. */
    targets: z.array(transferTargetSchema).min(1),
  }),
  /** What the agent may say about people. */
  disclosure: z.strictObject({
    /** The agent discloses its own agent number (工号) only — no name beyond the greeting, no personal details. */
    ownAgentIdOnly: z.literal(true),
    /** Never disclose other customers' or colleagues' data (numbers, addresses, ID numbers). */
    othersData: z.literal('never'),
    /** Recommended answer when a caller asks for more. */
    script: scriptSchema,
  }),
  /** After-call work (话后处理). */
  wrapUp: z.strictObject({
    /** Longest after-call work before the agent is ready again. */
    maxSeconds: z.number().int().min(1),
    /** What must be recorded before the agent is ready. */
    mustRecord: z.array(text).default([]),
  }),
  /**
   * 差错更正 (seed 001, standard 7: 不隐瞒差错，发现回答错误应及时回拨): when an answer given on a call is
   * found wrong, a callback task tells the caller the right one within this time (optional; 2h without it).
   */
  correction: z
    .strictObject({
      /** Call the caller back within this long after the mistake is found. */
      within: durationSchema,
      /** What the agent says on that call. */
      script: scriptSchema,
    })
    .optional(),
  /** Complaints that stay unresolved on the phone (the telecom 180-second rule). */
  unresolvedComplaint: z
    .strictObject({
      /** After this long arguing a complaint without agreement … */
      afterSeconds: z.number().int().min(1),
      /** … transfer here (a transfer target id) … */
      transferTo: idSchema.optional(),
      /** … or create a ticket instead. */
      orCreateTicket: z.boolean().default(true),
      /** What to say. */
      script: scriptSchema,
    })
    .optional(),
});
export type CallRules = z.infer<typeof callRulesSchema>;

// ---------------------------------------------------------------- scenarios

export const triggersSchema = z
  .strictObject({
    /** Words or phrases of the caller (phrase syntax). */
    keywords: phraseList.default([]),
    /** Situations the agent recognises (not said by the caller), e.g. 接通后无声. */
    situations: z.array(text).default([]),
  })
  .refine((t) => t.keywords.length + t.situations.length > 0, 'expected at least one keyword or situation');

export const scenarioStepSchema = z
  .strictObject({
    /** What the agent does in this step. */
    action: text.optional(),
    /** What the agent says (recommended script). */
    script: scriptSchema.optional(),
    /** Condition for this step, e.g. 客户仍不接受. */
    when: text.optional(),
    /** Wait this long after the step before the next one. */
    waitSeconds: z.number().int().min(0).optional(),
  })
  .refine((s) => s.action !== undefined || s.script !== undefined, 'expected an action or a script (or both)');
export type ScenarioStep = z.infer<typeof scenarioStepSchema>;

export const followUpSchema = z.discriminatedUnion('type', [
  /** Transfer the call to a target of `callRules.transfer.targets`. */
  z.strictObject({ type: z.literal('transfer'), target: idSchema, when: text.optional() }),
  /** Create a ticket in a category (and sub-category) with a priority. */
  z.strictObject({ type: z.literal('ticket'), category: idSchema, subCategory: idSchema.optional(), priority: idSchema, when: text.optional() }),
  /** Report to the team lead or supervisor. */
  z.strictObject({ type: z.literal('report'), to: z.enum(['team-lead', 'supervisor', 'quality']), when: text.optional() }),
  /** Call the customer back within a duration. */
  z.strictObject({ type: z.literal('callback'), within: durationSchema, when: text.optional() }),
  /** Send a text message (e.g. how to check a bill). */
  z.strictObject({ type: z.literal('sms'), content: text, when: text.optional() }),
  /** Anything else worth recording. */
  z.strictObject({ type: z.literal('note'), text, when: text.optional() }),
]);
export type FollowUp = z.infer<typeof followUpSchema>;

/** The steps of every call (标准化接听流程): 接听 → 需求识别 → 记录分类 → 解决 → 确认 → 结束. */
export const callStageIds = ['answer', 'identify', 'record', 'resolve', 'confirm', 'close'] as const;
export type CallStageId = (typeof callStageIds)[number];

export const scenarioSchema = z.strictObject({
  /** Stable id, e.g. `silent-call`. */
  id: idSchema,
  /** Name shown to agents, e.g. 无声电话. */
  name: text,
  /** Group for the workbench menu, e.g. 开头与问候. */
  group: text,
  /** When to use it. */
  description: text.optional(),
  /** What makes the workbench suggest this scenario. */
  triggers: triggersSchema,
  /**
   * More recognition cues for the workbench (phrase syntax), used together with
   * `triggers.keywords`: colloquial ways callers put it and what an agent types in the
   * notes (e.g. 无声, 打错了). Optional; without any, cues are derived from the name
   * and the situations.
   */
  cues: cueList.default([]),
  /** What the agent does and says, in order. */
  steps: z.array(scenarioStepSchema).min(1, 'expected at least one step'),
  /** Phrasings the agent must not use here (phrase syntax). */
  forbidden: phraseList.default([]),
  /** What happens after the call. */
  followUp: z.array(followUpSchema).default([]),
  /**
   * The step of the call this scenario is part of, for a scenario every call goes through
   * (the opening greeting: `answer`). Once the call is past that step the workbench no longer
   * suggests it. Without it, the scenario may come up at any point of a call.
   */
  stage: z.enum(callStageIds).optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;

// ---------------------------------------------------------------- customer types

export const customerTypeSchema = z.strictObject({
  /** Stable id, e.g. `venting`. */
  id: idSchema,
  /** Name, e.g. 发泄情绪型. */
  name: text,
  /** How to recognise this caller. */
  cues: z.array(text).min(1, 'expected at least one cue'),
  /**
   * What such a caller says (phrase syntax), for the workbench's suggestions, e.g.
   * 气死我了, 叫你们领导. `cues` above are descriptions for people; these are matched.
   * Optional; without any, phrases quoted in `cues` (“…”) are used.
   */
  keywords: cueList.default([]),
  /** How to handle the call, step by step. */
  approach: z.array(text).min(1, 'expected at least one step'),
  /** Example lines. */
  scripts: z.array(scriptSchema).default([]),
  /** What not to do. */
  avoid: z.array(text).default([]),
});
export type CustomerType = z.infer<typeof customerTypeSchema>;

// ---------------------------------------------------------------- categories, priorities, SLA

export const ticketFieldSchema = z.strictObject({
  /** Stable id, e.g. `contact-phone`. */
  id: idSchema,
  /** Label on the ticket form. */
  name: text,
  /** Kind of input. */
  type: z.enum(['text', 'longtext', 'phone', 'date', 'datetime', 'address', 'number', 'choice', 'account']),
  /** Choices for `choice`. */
  options: z.array(text).optional(),
  /** Hint for the agent. */
  hint: text.optional(),
});
export type TicketField = z.infer<typeof ticketFieldSchema>;

export const subCategorySchema = z.strictObject({
  /** Stable id, unique within the category. */
  id: idSchema,
  /** Name, e.g. 账单费用. */
  name: text,
  /** Fields required in addition to the category's. */
  requiredFields: z.array(idSchema).default([]),
  /** Priority when the agent does not choose one. */
  defaultPriority: idSchema.optional(),
});

export const categorySchema = z.strictObject({
  /** Stable id, e.g. `complaint`. */
  id: idSchema,
  /** Name, e.g. 投诉. */
  name: text,
  /** What belongs here. */
  description: text.optional(),
  /** Ticket fields (ids of `ticketFields`) every ticket of this category needs. */
  requiredFields: z.array(idSchema).default([]),
  /** Priority when the agent does not choose one. */
  defaultPriority: idSchema,
  /** Sub-categories. */
  subCategories: z.array(subCategorySchema).default([]),
  /**
   * Tickets of this category are complaints (投诉): taken as complained-about, which the workflow's conditions
   * (督办 of a complained-about ticket) and the reports read. Unsaid: see `isComplaintCategory`.
   */
  complaint: z.boolean().optional(),
});
export type Category = z.infer<typeof categorySchema>;

/**
 * Whether tickets of a category are complaints: what the pack says (`complaint`); a pack written before the key
 * existed meant its category `complaint` (packWarnings asks its editor to say so).
 */
export function isComplaintCategory(c: Pick<Category, 'id' | 'complaint'>): boolean {
  return c.complaint ?? c.id === 'complaint';
}

export const prioritySchema = z.strictObject({
  /** Stable id, e.g. `p1`. */
  id: idSchema,
  /** Name, e.g. 一级. */
  name: text,
  /** Short label, e.g. 紧急. */
  label: text,
  /** What makes a matter this urgent. */
  description: text,
  /** First response at the latest (`0m` = immediately). */
  respondWithin: durationSchema,
});
export type Priority = z.infer<typeof prioritySchema>;

/** `*` matches every category / priority; a specific policy wins over a wildcard one. */
const refOrAny = z.union([z.literal('*'), idSchema]);

export const slaPolicySchema = z
  .strictObject({
    /** Category id or `*`. */
    category: refOrAny,
    /** Sub-category id (optional; the most specific policy applies). */
    subCategory: idSchema.optional(),
    /** Priority id or `*`. */
    priority: refOrAny,
    /** First contact with the customer (受理/联系客户). */
    firstContact: durationSchema.optional(),
    /** Dispatch to the responsible department (派单). */
    dispatch: durationSchema.optional(),
    /** The department signs for the ticket (签收). */
    departmentSignIn: durationSchema.optional(),
    /** Answer to the customer (答复). */
    reply: durationSchema.optional(),
    /** Matter resolved (办结). */
    resolution: durationSchema.optional(),
    /** Satisfaction callback after the reply (回访). */
    callback: durationSchema.optional(),
    /** For an open matter: update the customer at least this often. */
    updateEvery: durationSchema.optional(),
    /** Notes for the adopter (e.g. why this limit). */
    note: text.optional(),
  })
  .refine(
    (p) => [p.firstContact, p.dispatch, p.departmentSignIn, p.reply, p.resolution, p.callback, p.updateEvery].some((d) => d !== undefined),
    'expected at least one time limit (firstContact, dispatch, departmentSignIn, reply, resolution, callback, updateEvery)',
  );
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const commitmentSchema = z.strictObject({
  /** Stable id, e.g. `repair-arrival-urban`. */
  id: idSchema,
  /** The promise, in the hotline's words. */
  name: text,
  /** The time limit. */
  within: durationSchema,
  /** The category it concerns (optional). */
  category: idSchema.optional(),
  /** Details. */
  description: text.optional(),
  /**
   * What rexian times with it (optional; without it the promise is shown, not timed). `arrival`: the
   * repair crew on site (95598 到达现场), counted from the ticket's acceptance and met when arrival is
   * recorded on the ticket; needs `category`.
   */
  measure: z.enum(['arrival']).optional(),
  /** Which tickets of the category it times: those whose choice field has this value (区域类型 城区 / 农村 / 特殊边远地区). */
  when: z.strictObject({ field: idSchema, is: text }).optional(),
});
export type Commitment = z.infer<typeof commitmentSchema>;

// ---------------------------------------------------------------- workflow

/**
 * The ticket workflow the organisation follows (optional; without it, the built-in 12345 workflow of
 * src/shared/tickets/workflow.ts). Ids are written with dashes (`in-progress`) and stored with
 * underscores (`in_progress`); an action with a built-in id (dispatch, sign, return, reply, …)
 * inherits that action's roles, reason rule and effect unless the pack gives them, and keeps its
 * effect on the SLA timers (docs/tickets.md).
 */
export const workflowSchema = z.strictObject({
  /** Ticket states. */
  states: z
    .array(
      z.strictObject({
        /** Stable id, e.g. `dispatched`. */
        id: idSchema,
        /** Name, e.g. 派单. */
        name: text,
        /** A final state: nothing leaves it (归档, 已合并). */
        final: z.boolean().default(false),
        /** Where a new ticket starts (at most one; by default the first state). */
        initial: z.boolean().optional(),
      }),
    )
    .min(2, 'expected at least two states'),
  /** Allowed moves: `action` from any of `from` (`*` = every non-final state) to `to`. */
  transitions: z
    .array(
      z.strictObject({
        /** Stable id of the action, e.g. `dispatch`. */
        action: idSchema,
        /** Name of the action, e.g. 派单. */
        name: text.optional(),
        from: z.array(z.union([z.literal('*'), idSchema])).min(1),
        /** A state, or `$same` (a flag action: stays where it is), or `$resume` (back to the state before 挂起). */
        to: z.union([idSchema, z.literal(STAY), z.literal(RESUME)]),
        /** Who may take it; by default the built-in action's roles, or the hotline (admin, manager, lead, agent). */
        roles: z.array(z.enum(roles)).min(1).optional(),
        /** Whether a reason must be given (退单, 延期申请 …); by default as the built-in action. */
        reason: z.boolean().optional(),
        /** What it does besides moving: suspend, extension-request/approve/reject, supervise, unsupervise. */
        effect: z.enum(packEffects).optional(),
        /** The lead department: assign (派单), reassign (改派: another one), clear (退单, 收回), restore (驳回退单: back to the one that returned it). */
        department: z.enum(departmentEffects).optional(),
        /** Co-handling departments (协办) may be named with it. */
        coDepartments: z.boolean().optional(),
        /** Time limits it meets, cancels and starts: first-contact, dispatch, department-sign-in, reply, resolution, callback. */
        timers: z
          .strictObject({ meet: z.array(z.enum(packTimerKinds)).optional(), cancel: z.array(z.enum(packTimerKinds)).optional(), start: z.array(z.enum(packTimerKinds)).optional() })
          .optional(),
        /** Asks for the caller's satisfaction: required (only from the requiredFrom states when given), or the default. */
        satisfaction: z
          .strictObject({ required: z.boolean().optional(), requiredFrom: z.array(idSchema).optional(), default: z.enum(['satisfied', 'basically-satisfied', 'unsatisfied']).optional() })
          .optional(),
        /** Notifies the department's staff (催办). */
        notify: z.literal('department').optional(),
        /** A co-handling department's own step on its part (协办签收, 协办答复): from these part states to that one. */
        part: z.strictObject({ from: z.array(z.enum(partStatuses)).min(1), to: z.enum(partStatuses) }).optional(),
        /** Only when every co-handling department has replied or run out of time (the lead's 答复). */
        waitsForParts: z.boolean().optional(),
        /** Ends the co-handling parts (收回). */
        cancelParts: z.boolean().optional(),
      }),
    )
    .min(1),
});
export type Workflow = z.infer<typeof workflowSchema>;

// ---------------------------------------------------------------- dispatch catalogue

/**
 * One line of the 派单目录: tickets of `category` (and `subCategory`, and an address containing `area`) go to
 * `department` (the organisation's department of that name) unless the hotline chooses otherwise. The most specific
 * matching line wins (area, then sub-category); ties: the first in the file.
 */
export const dispatchEntrySchema = z.strictObject({
  category: idSchema,
  subCategory: idSchema.optional(),
  /** A place named in the address (区、街道、乡镇), e.g. 滨江区. */
  area: text.optional(),
  /** The department's name, as in the organisation's departments (承办单位). */
  department: text,
  note: text.optional(),
});
export type DispatchEntry = z.infer<typeof dispatchEntrySchema>;

// ---------------------------------------------------------------- night mode

export const nightModeSchema = z
  .strictObject({
    /** Whether the hotline runs a reduced night service. */
    enabled: z.boolean(),
    /** Start of the night service, HH:MM. */
    from: timeOfDay,
    /** End of the night service (next morning), HH:MM. */
    to: timeOfDay,
    /** What is still handled at night (e.g. faults, emergencies, loss reports). */
    handled: z.array(text).min(1),
    /** What callers hear (IVR or agent) when their matter waits for the day. */
    announcement: scriptSchema,
    /** What the agent says to a non-urgent request at night. */
    agentScript: scriptSchema,
    /** Callbacks for matters left at night. */
    callback: z.strictObject({
      /** Create a callback task for every non-urgent matter left at night. */
      createTask: z.boolean(),
      /** Call back within this duration (business units count from the morning). */
      within: durationSchema,
      /** Day shift sees night callbacks before new work. */
      dayShiftFirst: z.boolean(),
      /** Priority of the callback task. */
      priority: idSchema.optional(),
    }),
  })
  .refine((n) => n.from !== n.to, 'expected from and to to differ');
export type NightMode = z.infer<typeof nightModeSchema>;

// ---------------------------------------------------------------- texts to the caller

/** One text to the caller: only the placeholders of callerTextPlaceholders, and short enough for two SMS segments once filled in. */
const callerTextSchema = templateSchema(callerTextPlaceholders).superRefine((s, ctx) => {
  const n = estimatedLength(s);
  if (n > SMS_MAX_CHARS) ctx.addIssue({ code: 'custom', message: `too long for two SMS segments: about ${n} characters with the placeholders filled in (at most ${SMS_MAX_CHARS})` });
});

/**
 * Texts (SMS) the caller receives about their ticket (src/shared/tickets/caller-texts.ts); a kind without a text
 * is not sent. The caller may decline texts when the ticket is taken.
 */
export const callerTextsSchema = z.strictObject({
  /** When the ticket is taken (受理): its number and when it is due, e.g. `您的诉求已受理，工单号{number}，预计{deadline}前办结。`. */
  acceptance: callerTextSchema.optional(),
  /** While the matter is open, every `updateEvery` of its policy (紧急事项进展通报), until it is resolved. */
  progress: callerTextSchema.optional(),
  /** When it is resolved (办结/答复): the action that meets the resolution limit. */
  reply: callerTextSchema.optional(),
  /**
   * 免打扰时段: HH:MM to HH:MM in the organisation's time zone (across midnight when start is later than end); a
   * progress text falling in them is not sent but recorded as skipped (`quiet_hours`). Acceptance and reply texts go
   * at once.
   */
  quietHours: z
    .strictObject({ start: timeOfDay, end: timeOfDay })
    .refine((q) => q.start !== q.end, { message: 'expected start and end to differ (quiet hours of no length, or of the whole day, are not quiet hours)', path: ['end'] })
    .optional(),
});
export type CallerTexts = z.infer<typeof callerTextsSchema>;

// ---------------------------------------------------------------- qa

/**
 * QA thresholds a pack states once, in `callRules`: the QA engine, the workbench's warnings and
 * the simulator read them from there (`toQaConfig` fills the engine's thresholds), so the pack's
 * `qa.thresholds` has no such keys. Packs written before this still carry them: `legacy.ts`
 * migrates them (docs/standard-pack.md, "Numbers stated once").
 */
export const thresholdsFromCallRules = {
  maxRings: { path: ['callRules', 'answer', 'maxRings'], scale: 1 },
  speechRateMin: { path: ['callRules', 'speechRate', 'min'], scale: 1 },
  speechRateMax: { path: ['callRules', 'speechRate', 'max'], scale: 1 },
  deadAirMs: { path: ['callRules', 'deadAirSeconds'], scale: 1000 },
  interruptionOverlapMs: { path: ['callRules', 'interruptionSeconds'], scale: 1000 },
  silentPromptGapMs: { path: ['callRules', 'silentCall', 'promptGapSeconds'], scale: 1000 },
} as const satisfies Partial<Record<keyof QaThresholds, { path: readonly [string, ...string[]]; scale: number }>>;
export type ThresholdFromCallRules = keyof typeof thresholdsFromCallRules;

/** The value at `path` of a pack (or any plain value); `undefined` where the path does not lead. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The engine's thresholds that `callRules` states, from `callRules` (seconds become milliseconds). */
export function callRuleThresholds(callRules: CallRules): Pick<QaThresholds, ThresholdFromCallRules> {
  const pack = { callRules };
  return Object.fromEntries(
    Object.entries(thresholdsFromCallRules).map(([key, t]) => [key, (valueAt(pack, t.path) as number) * t.scale]),
  ) as Pick<QaThresholds, ThresholdFromCallRules>;
}

/** The pack's own QA thresholds: the engine's, less those `callRules` states. */
export const packThresholdsSchema = thresholdsSchema.omit({ maxRings: true, speechRateMin: true, speechRateMax: true, deadAirMs: true, interruptionOverlapMs: true, silentPromptGapMs: true });
export type PackQaThresholds = z.infer<typeof packThresholdsSchema>;

/** The pack's `qa` section: the QA engine's rules with the pack's own thresholds. */
export const packQaRulesSchema = qaRulesSchema.extend({
  /** Timing and window thresholds (those `callRules` states are not repeated here). */
  thresholds: packThresholdsSchema.default(() => packThresholdsSchema.parse({})),
});
export type PackQaRules = z.infer<typeof packQaRulesSchema>;

/** Default QA rules without the taboo lexicon (the pack has its own `taboo` section) and without the thresholds `callRules` states. */
function defaultQaRules(): Record<string, unknown> {
  const { taboo: _taboo, scenarios: _scenarios, thresholds, ...rules } = defaultQaConfig;
  return structuredClone({ ...rules, thresholds: packThresholdsSchema.parse(thresholds) }) as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge for configuration: objects merge key by key, arrays and scalars replace. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return over;
}

/** The pack's `qa` section may be partial: it is merged over the default QA rules (lists replace) and validated. */
export const packQaSchema = z.preprocess((v) => (v === undefined || v === null ? defaultQaRules() : isPlainObject(v) ? deepMerge(defaultQaRules(), v) : v), packQaRulesSchema);

// ---------------------------------------------------------------- the pack

const packShape = {
  /**
   * Folders of shared YAML files read with the pack (relative to the pack folder), e.g.
   * `[../_common]` for the 34 common scenarios and the taboo lexicon: their sections merge
   * with the pack's own as if they were the pack's files. Resolved when a pack is read from
   * disk (standards.loader.ts); an uploaded pack carries the files themselves.
   */
  include: z.array(text).optional(),
  /** Pack id, name, version, industry. */
  pack: packMetaSchema,
  /** Who answers: organisation, number, greeting. */
  identity: identitySchema,
  /** Rules every call follows. */
  callRules: callRulesSchema,
  /** Service taboo phrases (服务忌语) by class. */
  taboo: tabooLexiconSchema,
  /** Situations with scripts. */
  scenarios: z.array(scenarioSchema).min(1, 'expected at least one scenario'),
  /** Kinds of callers and how to handle them. */
  customerTypes: z.array(customerTypeSchema).default([]),
  /** Ticket fields the categories require. */
  ticketFields: z.array(ticketFieldSchema).default([]),
  /** Ticket categories. */
  categories: z.array(categorySchema).min(1, 'expected at least one category'),
  /** Priorities. */
  priorities: z.array(prioritySchema).min(1, 'expected at least one priority'),
  /** Time limits per category × priority. */
  slaPolicies: z.array(slaPolicySchema).min(1, 'expected at least one SLA policy'),
  /** Public service promises. */
  commitments: z.array(commitmentSchema).default([]),
  /** Ticket workflow (optional; rexian has a default). */
  workflow: workflowSchema.optional(),
  /** 派单目录: the department a ticket goes to by default, by category (and sub-category, area); pre-fills 派单. */
  dispatchCatalogue: z.array(dispatchEntrySchema).default([]),
  /** QA configuration (partial; merged over the defaults). */
  qa: packQaSchema,
  /** Night service (optional). */
  nightMode: nightModeSchema.optional(),
  /** Texts (SMS) to the caller: at acceptance, progress of urgent matters, reply (optional; nothing is texted without it). */
  callerTexts: callerTextsSchema.optional(),
};

type Ctx = z.core.$RefinementCtx<unknown>;
type PathPart = string | number;

function duplicates<T>(items: readonly T[], key: (t: T) => string, ctx: Ctx, path: PathPart[], what: string, field = 'id'): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [...path, i, field], message: `duplicate ${what} "${k}" (first at ${path.join('.')}[${first}])` });
    else seen.set(k, i);
  });
}

function unknownRef(ctx: Ctx, path: PathPart[], what: string, value: string, known: Iterable<string>): void {
  const list = [...known];
  ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}": expected one of ${list.length ? list.join(', ') : '(none defined)'}` });
}

const packObject = z.strictObject(packShape);
type PackShape = z.output<typeof packObject>;

/** Cross-references between sections: ids are unique and every reference resolves. */
function checkReferences(p: PackShape, ctx: Ctx): void {
  const targetIds = new Set(p.callRules.transfer.targets.map((t) => t.id));
  const categoryIds = new Set(p.categories.map((c) => c.id));
  const priorityIds = new Set(p.priorities.map((x) => x.id));
  const fieldIds = new Set(p.ticketFields.map((f) => f.id));

  duplicates(p.scenarios, (s) => s.id, ctx, ['scenarios'], 'scenario id');
  duplicates(p.customerTypes, (s) => s.id, ctx, ['customerTypes'], 'customer type id');
  duplicates(p.categories, (s) => s.id, ctx, ['categories'], 'category id');
  duplicates(p.priorities, (s) => s.id, ctx, ['priorities'], 'priority id');
  duplicates(p.ticketFields, (s) => s.id, ctx, ['ticketFields'], 'ticket field id');
  duplicates(p.commitments, (s) => s.id, ctx, ['commitments'], 'commitment id');
  duplicates(p.callRules.transfer.targets, (s) => s.id, ctx, ['callRules', 'transfer', 'targets'], 'transfer target id');
  duplicates(p.taboo.classes, (s) => s.id, ctx, ['taboo', 'classes'], 'taboo class id');
  duplicates(
    p.slaPolicies,
    (s) => `${s.category}${s.subCategory ? `/${s.subCategory}` : ''} × ${s.priority}`,
    ctx,
    ['slaPolicies'],
    'SLA policy for',
    'category',
  );

  // The announced name is what QA expects in every greeting: it must not depend on a profile that may be empty.
  if (placeholdersIn(p.identity.org).includes('city') && !p.identity.city)
    ctx.addIssue({ code: 'custom', path: ['identity', 'city'], message: 'identity.org uses {city}: give the default city here (an organisation\'s profile may give its own)' });
  for (const kind of callerTextKinds) {
    const template = p.callerTexts?.[kind];
    if (template && placeholdersIn(template).includes('city') && !p.identity.city)
      ctx.addIssue({ code: 'custom', path: ['callerTexts', kind], message: `callerTexts.${kind} uses {city}: give the default city in identity.city (an organisation's profile may give its own)` });
  }

  // The greeting template must carry what the greeting rules require.
  const inGreeting = new Set(placeholdersIn(p.identity.greeting));
  for (const part of p.callRules.greeting.requiredParts) {
    if ((part === 'org' || part === 'agentId' || part === 'agentName') && !inGreeting.has(part)) {
      ctx.addIssue({ code: 'custom', path: ['identity', 'greeting'], message: `the greeting must contain {${part}} (callRules.greeting.requiredParts lists "${part}")` });
    }
  }

  const checkPriority = (id: string | undefined, path: PathPart[]): void => {
    if (id !== undefined && !priorityIds.has(id)) unknownRef(ctx, path, 'priority', id, priorityIds);
  };
  const checkCategory = (cat: string, sub: string | undefined, path: PathPart[]): void => {
    const c = p.categories.find((x) => x.id === cat);
    if (!c) return unknownRef(ctx, [...path, 'category'], 'category', cat, categoryIds);
    if (sub !== undefined && !c.subCategories.some((s) => s.id === sub)) {
      unknownRef(ctx, [...path, 'subCategory'], `sub-category of "${cat}"`, sub, c.subCategories.map((s) => s.id));
    }
  };
  const checkTarget = (id: string, path: PathPart[]): void => {
    if (!targetIds.has(id)) unknownRef(ctx, path, 'transfer target (callRules.transfer.targets)', id, targetIds);
  };

  if (p.callRules.unresolvedComplaint?.transferTo) checkTarget(p.callRules.unresolvedComplaint.transferTo, ['callRules', 'unresolvedComplaint', 'transferTo']);

  p.scenarios.forEach((s, i) =>
    s.followUp.forEach((f, j) => {
      const path: PathPart[] = ['scenarios', i, 'followUp', j];
      if (f.type === 'transfer') checkTarget(f.target, [...path, 'target']);
      if (f.type === 'ticket') {
        checkCategory(f.category, f.subCategory, path);
        checkPriority(f.priority, [...path, 'priority']);
      }
    }),
  );

  p.categories.forEach((c, i) => {
    checkPriority(c.defaultPriority, ['categories', i, 'defaultPriority']);
    c.requiredFields.forEach((f, j) => {
      if (!fieldIds.has(f)) unknownRef(ctx, ['categories', i, 'requiredFields', j], 'ticket field (ticketFields)', f, fieldIds);
    });
    duplicates(c.subCategories, (s) => s.id, ctx, ['categories', i, 'subCategories'], 'sub-category id');
    c.subCategories.forEach((s, k) => {
      checkPriority(s.defaultPriority, ['categories', i, 'subCategories', k, 'defaultPriority']);
      s.requiredFields.forEach((f, j) => {
        if (!fieldIds.has(f)) unknownRef(ctx, ['categories', i, 'subCategories', k, 'requiredFields', j], 'ticket field (ticketFields)', f, fieldIds);
      });
    });
  });

  p.dispatchCatalogue.forEach((d, i) => checkCategory(d.category, d.subCategory, ['dispatchCatalogue', i]));
  p.slaPolicies.forEach((s, i) => {
    if (s.category !== '*') checkCategory(s.category, s.subCategory, ['slaPolicies', i]);
    else if (s.subCategory !== undefined) ctx.addIssue({ code: 'custom', path: ['slaPolicies', i, 'subCategory'], message: 'a sub-category needs a specific category, not *' });
    if (s.priority !== '*') checkPriority(s.priority, ['slaPolicies', i, 'priority']);
  });

  const timed = new Map<string, number>();
  p.commitments.forEach((c, i) => {
    if (c.category !== undefined && !categoryIds.has(c.category)) unknownRef(ctx, ['commitments', i, 'category'], 'category', c.category, categoryIds);
    if (c.when) {
      const field = p.ticketFields.find((f) => f.id === c.when!.field);
      if (!field) unknownRef(ctx, ['commitments', i, 'when', 'field'], 'ticket field (ticketFields)', c.when.field, fieldIds);
      else if (field.type !== 'choice') ctx.addIssue({ code: 'custom', path: ['commitments', i, 'when', 'field'], message: `ticket field "${field.id}" is of type ${field.type}: a commitment can only depend on a choice field` });
      else if (!(field.options ?? []).includes(c.when.is)) unknownRef(ctx, ['commitments', i, 'when', 'is'], `option of "${field.id}"`, c.when.is, field.options ?? []);
      const cat = p.categories.find((x) => x.id === c.category);
      if (cat && field && !cat.requiredFields.includes(field.id))
        ctx.addIssue({ code: 'custom', path: ['commitments', i, 'when', 'field'], message: `category "${cat.id}" must require the field "${field.id}" (categories[].requiredFields), or its tickets may have no value to time by` });
    }
    if (c.measure) {
      if (c.category === undefined) ctx.addIssue({ code: 'custom', path: ['commitments', i, 'category'], message: `a commitment with measure: ${c.measure} needs the category whose tickets it times` });
      // one timed promise per category and case, or a ticket would have two limits for one thing
      const key = `${c.measure}|${c.category}|${c.when?.field ?? ''}=${c.when?.is ?? ''}`;
      const first = timed.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['commitments', i], message: `commitments[${first}] already times ${c.measure} for these tickets` });
      else timed.set(key, i);
    }
  });

  if (p.nightMode) checkPriority(p.nightMode.callback.priority, ['nightMode', 'callback', 'priority']);

  if (p.workflow) {
    const states = new Set(p.workflow.states.map((s) => s.id));
    duplicates(p.workflow.states, (s) => s.id, ctx, ['workflow', 'states'], 'state id');
    let known = true;
    p.workflow.transitions.forEach((t, i) => {
      t.from.forEach((f, j) => {
        if (f !== '*' && !states.has(f)) {
          unknownRef(ctx, ['workflow', 'transitions', i, 'from', j], 'state', f, states);
          known = false;
        }
      });
      if (t.to !== STAY && t.to !== RESUME && !states.has(t.to)) {
        unknownRef(ctx, ['workflow', 'transitions', i, 'to'], 'state', t.to, states);
        known = false;
      }
    });
    // the rules the ticket engine needs (one initial state, nothing leaves a final one, one place per action and state …)
    if (known) for (const issue of packWorkflowIssues(p.workflow)) ctx.addIssue({ code: 'custom', path: ['workflow', ...issue.path], message: issue.message });
  }
}

/** A whole standard pack. */
export const packSchema = packObject.superRefine((p, ctx) => checkReferences(p, ctx));
export type Pack = z.infer<typeof packSchema>;
export type PackInput = z.input<typeof packSchema>;

/** Top-level sections, in the order pack files usually hold them. */
export const packSections = Object.keys(packShape) as Array<keyof typeof packShape>;
