/**
 * The 12345 ticket workflow as data: states, and transitions saying who may move a ticket from where to where.
 * Pure — the ticket service stores the state, writes the audit row and the event; this module only decides.
 *
 * Main path: 受理 accepted → 派单 dispatched → 签收 signed → 办理中 in_progress → 答复 replied → 审核 reviewed →
 * 回访 callback → 归档 archived. Besides it: 直接办结 (resolved on the call), 退单 (a department sends the ticket
 * back; the hotline re-dispatches it), 审核退回, 重办 after an unsatisfied callback, 挂起/恢复, 合并 (duplicates).
 * Two things are flags rather than states, because the work goes on while they last: a pending 延期申请
 * (extension request) and 督办 (supervision).
 *
 * Errors are returned, not thrown: `applyTransition` gives `{ ok: true, next }` or `{ ok: false, error }` with a
 * stable code, so a caller can show or map it without try/catch. `assertTransition` throws a WorkflowError for
 * callers that prefer exceptions (a service that lets AppError-like errors reach the HTTP layer).
 */
import { z } from 'zod';
import { roles, type Role } from '../roles.js';

export type Locale = 'zh-CN' | 'zh-TW' | 'en';
export type Labels = Record<Locale, string>;

/** `to` may name a state, or: stay where it is (flag actions), or go back to the state remembered on suspend. */
export const STAY = '$same';
export const RESUME = '$resume';

/** What an action does besides (or instead of) changing the main state. */
export const transitionEffects = ['suspend', 'extension_request', 'extension_approve', 'extension_reject', 'supervise', 'unsupervise'] as const;
export type TransitionEffect = (typeof transitionEffects)[number];
/** The same effects as a standard pack writes them (ids with dashes). */
export const packEffects = ['suspend', 'extension-request', 'extension-approve', 'extension-reject', 'supervise', 'unsupervise'] as const;

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'ids are lowercase letters, digits and _' });

/** The time limits an action can meet, cancel or start (the pack's slaPolicies name their durations). */
export const workflowTimerKinds = ['first_contact', 'dispatch', 'department_sign_in', 'reply', 'resolution', 'callback'] as const;
export type WorkflowTimerKind = (typeof workflowTimerKinds)[number];

/**
 * Time limits in the order a ticket goes through them — 首次联系, 派单, 签收, 答复, 办结, 回访 (the
 * order of `workflowTimerKinds`) — each kind's limits kept in the order given (when they started).
 * Not by when a limit started: 办结 runs from the ticket's creation, 签收 only from 派单.
 */
export function inWorkflowOrder<T extends { kind: string }>(timers: readonly T[]): T[] {
  const rank = (k: string) => {
    const i = (workflowTimerKinds as readonly string[]).indexOf(k);
    return i === -1 ? workflowTimerKinds.length : i;
  };
  return [...timers].sort((a, b) => rank(a.kind) - rank(b.kind));
}
/** What an action does to the ticket's lead department (承办单位 / 主办单位). */
export const departmentEffects = ['assign', 'reassign', 'clear', 'restore'] as const;
/** The states of a co-handling department's part (协办): its own sign-in and reply. */
export const partStatuses = ['dispatched', 'signed', 'replied', 'lapsed', 'cancelled'] as const;
export type PartStatus = (typeof partStatuses)[number];
export const satisfactionValues = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactionValues)[number];

const timerList = z.array(z.enum(workflowTimerKinds)).optional();
const labels = z.strictObject({ 'zh-CN': z.string().min(1), 'zh-TW': z.string().min(1), en: z.string().min(1) });

export const workflowStateSchema = z.strictObject({
  id,
  labels,
  initial: z.boolean().optional(),
  terminal: z.boolean().optional(),
});

export const workflowTransitionSchema = z.strictObject({
  action: id,
  labels,
  from: z.array(id).min(1),
  to: z.union([id, z.literal(STAY), z.literal(RESUME)]),
  roles: z.array(z.enum(roles)).min(1),
  requiresReason: z.boolean().optional(),
  effect: z.enum(transitionEffects).optional(),
  /**
   * The lead department: `assign` takes `departmentId` (派单), `reassign` takes one other than the current or the
   * returning one (改派), `clear` removes it (退单, 收回), `restore` gives it back to the department that returned it
   * (驳回退单). The actions list tells the ticket page to ask for a department.
   */
  department: z.enum(departmentEffects).optional(),
  /** `coDepartmentIds` may name co-handling departments (协办), each with its own part and time limits. */
  coDepartments: z.boolean().optional(),
  /** The time limits the action meets, cancels and starts (on the lead's part, or the acting part's for part actions). */
  timers: z.strictObject({ meet: timerList, cancel: timerList, start: timerList }).optional(),
  /** Asks for the caller's satisfaction: required (only from the `requiredFrom` states when given), else `default`. */
  satisfaction: z.strictObject({ required: z.boolean().optional(), requiredFrom: z.array(id).optional(), default: z.enum(satisfactionValues).optional() }).optional(),
  /** Tells the department's staff (催办): one notification each, or to the named part's department. */
  notify: z.literal('department').optional(),
  /** A co-handling department's own step: its part moves from one of `from` to `to`; the ticket stays where it is. */
  part: z.strictObject({ from: z.array(z.enum(partStatuses)).min(1), to: z.enum(partStatuses) }).optional(),
  /** Taken only when every co-handling part has replied or run out of time (the lead's 答复 closes the handling). */
  waitsForParts: z.boolean().optional(),
  /** Ends the co-handling parts (收回: the hotline takes the whole ticket back). */
  cancelParts: z.boolean().optional(),
});

/** A workflow definition; a standard pack may replace the default one, and is checked for consistency here. */
export const workflowDefinitionSchema = z
  .strictObject({ states: z.array(workflowStateSchema).min(1), transitions: z.array(workflowTransitionSchema).min(1) })
  .superRefine((def, ctx) => {
    const issue = (message: string, path: (string | number)[]): void => ctx.addIssue({ code: 'custom', message, path });
    const states = new Map<string, WorkflowState>();
    def.states.forEach((s, i) => {
      if (states.has(s.id)) issue(`state "${s.id}" is defined twice`, ['states', i, 'id']);
      states.set(s.id, s);
    });
    const initials = def.states.filter((s) => s.initial);
    if (initials.length !== 1) issue(`exactly one state must be initial (found ${initials.length})`, ['states']);
    const seen = new Map<string, number>();
    def.transitions.forEach((t, i) => {
      for (const f of t.from) {
        if (!states.has(f)) issue(`transition "${t.action}" starts from unknown state "${f}"`, ['transitions', i, 'from']);
        else if (states.get(f)?.terminal) issue(`transition "${t.action}" leaves terminal state "${f}"`, ['transitions', i, 'from']);
        // one action from one state must lead to one place, or applyTransition could not choose
        const key = `${t.action}@${f}`;
        if (seen.has(key)) issue(`action "${t.action}" is defined twice from state "${f}"`, ['transitions', i, 'from']);
        seen.set(key, i);
      }
      if (t.to !== STAY && t.to !== RESUME && !states.has(t.to)) issue(`transition "${t.action}" leads to unknown state "${t.to}"`, ['transitions', i, 'to']);
      if (t.effect === 'suspend' && (t.to === STAY || t.to === RESUME)) issue(`suspending transition "${t.action}" needs a state to go to`, ['transitions', i, 'to']);
      if (t.effect && t.effect !== 'suspend' && t.to !== STAY) issue(`flag action "${t.action}" must stay in the same state (to: ${STAY})`, ['transitions', i, 'to']);
      if (t.part && t.to !== STAY) issue(`co-handling action "${t.action}" must stay in the same state (to: ${STAY})`, ['transitions', i, 'to']);
      if (t.part && (t.department || t.coDepartments || t.effect)) issue(`co-handling action "${t.action}" cannot change departments or flags`, ['transitions', i, 'part']);
      for (const f of t.satisfaction?.requiredFrom ?? []) if (!t.from.includes(f)) issue(`transition "${t.action}" requires satisfaction from "${f}", which it does not start from`, ['transitions', i, 'satisfaction']);
    });
    if (def.transitions.some((t) => t.to === RESUME) && !def.transitions.some((t) => t.effect === 'suspend')) {
      issue(`"${RESUME}" is used but no transition suspends a ticket`, ['transitions']);
    }
  });

export type WorkflowDefinition = z.output<typeof workflowDefinitionSchema>;
export type WorkflowState = z.output<typeof workflowStateSchema>;
export type WorkflowTransition = z.output<typeof workflowTransitionSchema>;

/** The state ids of the default workflow. */
export type DefaultStateId =
  | 'accepted' // 受理
  | 'dispatched' // 派单 (waiting for the department to sign for it)
  | 'signed' // 签收
  | 'in_progress' // 办理中
  | 'replied' // 答复 (waiting for the hotline's review)
  | 'reviewed' // 审核 (reply approved)
  | 'callback' // 回访 (calling the citizen back)
  | 'archived' // 归档 (terminal)
  | 'returned' // 退单 (sent back by the department; the hotline re-dispatches)
  | 'suspended' // 挂起 (clock stopped; resume returns to the state it was in)
  | 'merged'; // 合并 (duplicate of another ticket; terminal)

export type ExtensionStatus = 'none' | 'requested' | 'approved' | 'rejected';

/** The workflow part of a ticket: what the service stores and passes back in. */
export interface TicketWorkflowState {
  state: string;
  /** While suspended: the state `resume` returns to. */
  resumeTo?: string | null;
  /** The last extension request's status (延期申请). */
  extension: ExtensionStatus;
  /** Under supervision (督办). */
  supervised: boolean;
}

/** Facts about a ticket that some actions depend on (督办 only for overdue or complained-about tickets). */
export interface TicketFacts {
  overdue?: boolean;
  complained?: boolean;
  /**
   * Who acts, when a department does: `lead` (the ticket's department), `co` (a co-handling department, which acts only
   * on its own part), undefined for everyone else.
   */
  actingAs?: 'lead' | 'co';
  /** The acting co-handling department's part. */
  part?: PartStatus | null;
  /** Co-handling parts that have neither replied nor run out of time. */
  partsPending?: number;
}

export type WorkflowErrorCode = 'TICKET_BAD_TRANSITION' | 'TICKET_FORBIDDEN_ACTION' | 'TICKET_REASON_REQUIRED';

export interface WorkflowErrorInfo {
  code: WorkflowErrorCode;
  message: string;
}

export type TransitionResult = { ok: true; next: TicketWorkflowState; transition: WorkflowTransition } | { ok: false; error: WorkflowErrorInfo };

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

const L = (zhCN: string, zhTW: string, en: string): Labels => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

const hotline: Role[] = ['admin', 'manager', 'lead', 'agent']; // 话务员 and above: accept, dispatch, call back
const reviewers: Role[] = ['admin', 'manager', 'lead']; // 审核: review replies, decide extensions, suspend
const department: Role[] = ['admin', 'department']; // 承办单位: sign, handle, reply, return
const openStates: DefaultStateId[] = ['accepted', 'dispatched', 'signed', 'in_progress', 'replied', 'reviewed', 'callback', 'returned'];
const handling: DefaultStateId[] = ['signed', 'in_progress'];

/** The default 12345 workflow. */
export const defaultWorkflow: WorkflowDefinition = {
  states: [
    { id: 'accepted', labels: L('已受理', '已受理', 'Accepted'), initial: true },
    { id: 'dispatched', labels: L('已派单', '已派單', 'Dispatched') },
    { id: 'signed', labels: L('已签收', '已簽收', 'Signed for') },
    { id: 'in_progress', labels: L('办理中', '辦理中', 'In progress') },
    { id: 'replied', labels: L('已答复', '已答覆', 'Replied') },
    { id: 'reviewed', labels: L('已审核', '已審核', 'Reviewed') },
    { id: 'callback', labels: L('回访中', '回訪中', 'Calling back') },
    { id: 'archived', labels: L('已归档', '已歸檔', 'Archived'), terminal: true },
    { id: 'returned', labels: L('已退单', '已退單', 'Returned') },
    { id: 'suspended', labels: L('已挂起', '已掛起', 'Suspended') },
    { id: 'merged', labels: L('已合并', '已合併', 'Merged'), terminal: true },
  ],
  transitions: [
    // 派单, also 重新派单 after a 退单
    { action: 'dispatch', labels: L('派单', '派單', 'Dispatch'), from: ['accepted', 'returned'], to: 'dispatched', roles: hotline, department: 'assign', coDepartments: true, timers: { meet: ['dispatch'], start: ['department_sign_in'] } },
    // 直接办结: answered on the call; the callback confirms, or no callback (consultation, caller declined one)
    { action: 'close_on_call', labels: L('直接办结', '直接辦結', 'Resolve on the call'), from: ['accepted'], to: 'callback', roles: hotline, timers: { meet: ['first_contact', 'dispatch', 'reply', 'resolution'], start: ['callback'] } },
    { action: 'close_on_call_archive', labels: L('直接办结（免回访）', '直接辦結（免回訪）', 'Resolve on the call, no callback'), from: ['accepted'], to: 'archived', roles: hotline, timers: { meet: ['first_contact', 'dispatch', 'reply', 'resolution'] } },
    { action: 'sign', labels: L('签收', '簽收', 'Sign for'), from: ['dispatched'], to: 'signed', roles: department, timers: { meet: ['department_sign_in'], start: ['reply'] } },
    // 退单: not this department's matter; the reason tells the hotline where it belongs
    { action: 'return', labels: L('退单', '退單', 'Return'), from: ['dispatched', 'signed', 'in_progress'], to: 'returned', roles: department, requiresReason: true, department: 'clear', timers: { cancel: ['department_sign_in', 'reply'], start: ['dispatch'] } },
    // 派单异议审核: the hotline reviews a 退单 — accepted, the ticket goes to another department (改派); refused, back to
    // the department that returned it, with the reason
    { action: 'accept_return', labels: L('同意退单并改派', '同意退單並改派', 'Accept return and reassign'), from: ['returned'], to: 'dispatched', roles: hotline, department: 'reassign', timers: { meet: ['dispatch'], start: ['department_sign_in'] } },
    { action: 'refuse_return', labels: L('驳回退单', '駁回退單', 'Refuse return'), from: ['returned'], to: 'dispatched', roles: hotline, requiresReason: true, department: 'restore', timers: { meet: ['dispatch'], start: ['department_sign_in'] } },
    // 改派 / 收回 / 催办 at any point of the department's work
    { action: 'reassign', labels: L('改派', '改派', 'Reassign'), from: ['dispatched', 'signed', 'in_progress'], to: 'dispatched', roles: hotline, requiresReason: true, department: 'reassign', timers: { cancel: ['department_sign_in', 'reply'], start: ['department_sign_in'] } },
    { action: 'recall', labels: L('收回', '收回', 'Recall'), from: ['dispatched', 'signed', 'in_progress'], to: 'accepted', roles: hotline, requiresReason: true, department: 'clear', cancelParts: true, timers: { cancel: ['department_sign_in', 'reply'], start: ['dispatch'] } },
    { action: 'urge', labels: L('催办', '催辦', 'Urge'), from: ['dispatched', 'signed', 'in_progress'], to: STAY, roles: hotline, requiresReason: true, notify: 'department' },
    // 协办: a co-handling department signs for its part and replies on its own clock
    { action: 'co_sign', labels: L('协办签收', '協辦簽收', 'Sign for co-handling'), from: ['dispatched', 'signed', 'in_progress'], to: STAY, roles: ['department'], part: { from: ['dispatched'], to: 'signed' }, timers: { meet: ['department_sign_in'], start: ['reply'] } },
    { action: 'co_reply', labels: L('协办答复', '協辦答覆', 'Co-handling reply'), from: ['dispatched', 'signed', 'in_progress'], to: STAY, roles: ['department'], requiresReason: true, part: { from: ['signed'], to: 'replied' }, timers: { meet: ['reply'] } },
    { action: 'start', labels: L('开始办理', '開始辦理', 'Start work'), from: ['signed'], to: 'in_progress', roles: department },
    { action: 'reply', labels: L('答复', '答覆', 'Reply'), from: ['in_progress'], to: 'replied', roles: department, waitsForParts: true, timers: { meet: ['reply', 'resolution'], start: ['callback'] } },
    { action: 'approve_reply', labels: L('审核通过', '審核通過', 'Approve reply'), from: ['replied'], to: 'reviewed', roles: reviewers },
    { action: 'reject_reply', labels: L('审核退回', '審核退回', 'Send reply back'), from: ['replied'], to: 'in_progress', roles: reviewers, requiresReason: true, timers: { cancel: ['callback'], start: ['reply'] } },
    { action: 'start_callback', labels: L('回访', '回訪', 'Call back'), from: ['reviewed'], to: 'callback', roles: hotline },
    // 归档: after the callback, or straight after review when no callback is possible (anonymous caller)
    { action: 'archive', labels: L('归档', '歸檔', 'Archive'), from: ['callback', 'reviewed'], to: 'archived', roles: hotline, satisfaction: { required: true, requiredFrom: ['callback'] }, timers: { meet: ['callback'] } },
    // 重办: the citizen is not satisfied — back to the same department, or dispatched again
    { action: 'reopen', labels: L('重办', '重辦', 'Reopen'), from: ['callback'], to: 'in_progress', roles: hotline, requiresReason: true, satisfaction: { default: 'unsatisfied' }, timers: { meet: ['callback'], start: ['reply', 'resolution'] } },
    { action: 'reopen_redispatch', labels: L('重新派单', '重新派單', 'Reopen and re-dispatch'), from: ['callback'], to: 'dispatched', roles: hotline, requiresReason: true, department: 'assign', satisfaction: { default: 'unsatisfied' }, timers: { meet: ['callback'], start: ['department_sign_in', 'resolution'] } },
    // 延期申请 and its decision: flags, the department keeps working meanwhile
    { action: 'request_extension', labels: L('延期申请', '延期申請', 'Request extension'), from: handling, to: STAY, roles: department, requiresReason: true, effect: 'extension_request' },
    { action: 'approve_extension', labels: L('同意延期', '同意延期', 'Approve extension'), from: [...handling, 'suspended'], to: STAY, roles: reviewers, effect: 'extension_approve' },
    { action: 'reject_extension', labels: L('驳回延期', '駁回延期', 'Reject extension'), from: [...handling, 'suspended'], to: STAY, roles: reviewers, requiresReason: true, effect: 'extension_reject' },
    { action: 'suspend', labels: L('挂起', '掛起', 'Suspend'), from: openStates, to: 'suspended', roles: reviewers, requiresReason: true, effect: 'suspend' },
    { action: 'resume', labels: L('恢复', '恢復', 'Resume'), from: ['suspended'], to: RESUME, roles: reviewers },
    // 督办: overdue or complained-about tickets, any open state
    { action: 'supervise', labels: L('督办', '督辦', 'Supervise'), from: [...openStates, 'suspended'], to: STAY, roles: [...reviewers, 'inspector'], requiresReason: true, effect: 'supervise' },
    { action: 'end_supervision', labels: L('解除督办', '解除督辦', 'End supervision'), from: [...openStates, 'suspended'], to: STAY, roles: [...reviewers, 'inspector'], effect: 'unsupervise' },
    { action: 'merge', labels: L('合并', '合併', 'Merge as duplicate'), from: [...openStates, 'suspended'], to: 'merged', roles: hotline, requiresReason: true },
  ],
};

export function initialTicketState(def: WorkflowDefinition = defaultWorkflow): TicketWorkflowState {
  const initial = def.states.find((s) => s.initial) ?? def.states[0];
  return { state: initial?.id ?? 'accepted', resumeTo: null, extension: 'none', supervised: false };
}

export function isTerminal(def: WorkflowDefinition, state: string): boolean {
  return def.states.find((s) => s.id === state)?.terminal === true;
}

/**
 * The states in which nobody owes the caller a progress report (进展通报): final ones, ones a suspending action leads
 * to, and ones a ticket can only reach after its 办结 (resolution) time limit was met or cancelled. The limit runs from
 * the ticket's creation; an action that starts it again (重办) makes the states after it owed again. Read from the
 * transitions' timers, so a pack's own names need no list (the built-in: 已答复, 已审核, 回访中, 已归档, 已合并, 已挂起).
 */
export function quietStates(def: WorkflowDefinition): Set<string> {
  const initial = def.states.find((s) => s.initial) ?? def.states[0];
  // the states a ticket can be in while the resolution limit still runs
  const owed = new Set<string>(initial ? [initial.id] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of def.transitions) {
      if (t.to === STAY || t.to === RESUME || owed.has(t.to)) continue;
      const restarts = t.timers?.start?.includes('resolution') === true;
      const ends = t.timers?.meet?.includes('resolution') === true || t.timers?.cancel?.includes('resolution') === true;
      if (restarts || (!ends && t.from.some((f) => owed.has(f)))) {
        owed.add(t.to);
        grew = true;
      }
    }
  }
  const suspends = new Set(def.transitions.flatMap((t) => (t.effect === 'suspend' && t.to !== STAY && t.to !== RESUME ? [t.to] : [])));
  return new Set(def.states.filter((s) => s.terminal || suspends.has(s.id) || !owed.has(s.id)).map((s) => s.id));
}

const label = (def: WorkflowDefinition, state: string): string => {
  const s = def.states.find((x) => x.id === state);
  return s ? `${s.id} (${s.labels['zh-CN']})` : `"${state}"`;
};

/** Why an action cannot be taken now although the state allows it (flags, facts), or undefined when it can. */
function blockedBy(def: WorkflowDefinition, t: WorkflowTransition, ticket: TicketWorkflowState, facts: TicketFacts): string | undefined {
  if (t.to === RESUME && !def.states.some((s) => s.id === ticket.resumeTo)) return 'the state to return to is not known';
  if (t.part) {
    if (facts.actingAs !== 'co' || !facts.part) return 'only a co-handling department (协办单位) takes this step, on its own part';
    if (!t.part.from.includes(facts.part)) return `the co-handling part is ${facts.part} (this step is taken from ${t.part.from.join(', ')})`;
  } else if (facts.actingAs === 'co') return 'a co-handling department acts only on its own part';
  if (t.waitsForParts && (facts.partsPending ?? 0) > 0) return `${facts.partsPending} co-handling department(s) have not replied yet and still have time`;
  switch (t.effect) {
    case 'extension_request':
      return ticket.extension === 'requested' ? 'an extension request is already waiting for a decision' : undefined;
    case 'extension_approve':
    case 'extension_reject':
      return ticket.extension === 'requested' ? undefined : 'there is no extension request waiting for a decision';
    case 'supervise':
      if (ticket.supervised) return 'the ticket is already supervised';
      return facts.overdue || facts.complained ? undefined : 'only overdue or complained-about tickets are supervised';
    case 'unsupervise':
      return ticket.supervised ? undefined : 'the ticket is not supervised';
    case 'suspend':
    case undefined:
      return undefined;
  }
}

function nextState(def: WorkflowDefinition, t: WorkflowTransition, ticket: TicketWorkflowState): TicketWorkflowState {
  const next: TicketWorkflowState = { ...ticket };
  if (t.effect === 'suspend') next.resumeTo = ticket.state;
  if (t.to === RESUME) {
    next.state = ticket.resumeTo ?? ticket.state; // blockedBy guarantees resumeTo
    next.resumeTo = null;
  } else if (t.to !== STAY) {
    next.state = t.to;
    if (t.effect !== 'suspend') next.resumeTo = null;
  }
  if (t.effect === 'extension_request') next.extension = 'requested';
  if (t.effect === 'extension_approve') next.extension = 'approved';
  if (t.effect === 'extension_reject') next.extension = 'rejected';
  if (t.effect === 'supervise') next.supervised = true;
  if (t.effect === 'unsupervise') next.supervised = false;
  // A pending request lapses when the ticket moves where nobody can decide it (e.g. 退单, 答复).
  const decidable = def.transitions.filter((x) => x.effect === 'extension_approve').flatMap((x) => x.from);
  if (next.extension === 'requested' && !decidable.includes(next.state)) next.extension = 'none';
  return next;
}

/**
 * Decides one step. Checks, in order: the action exists and can be taken from this state (TICKET_BAD_TRANSITION),
 * the role may take it (TICKET_FORBIDDEN_ACTION), its condition holds (TICKET_BAD_TRANSITION), a reason is given
 * when required (TICKET_REASON_REQUIRED).
 */
export function applyTransition(
  def: WorkflowDefinition,
  ticket: TicketWorkflowState,
  action: string,
  role: Role,
  reason?: string,
  facts: TicketFacts = {},
): TransitionResult {
  const fail = (code: WorkflowErrorCode, message: string): TransitionResult => ({ ok: false, error: { code, message } });
  const candidates = def.transitions.filter((t) => t.action === action);
  if (candidates.length === 0) return fail('TICKET_BAD_TRANSITION', `unknown action "${action}"`);
  const t = candidates.find((c) => c.from.includes(ticket.state));
  if (!t) {
    const from = [...new Set(candidates.flatMap((c) => c.from))].map((s) => label(def, s)).join(', ');
    return fail('TICKET_BAD_TRANSITION', `cannot ${action} a ticket that is ${label(def, ticket.state)}: only from ${from}`);
  }
  if (!t.roles.includes(role)) return fail('TICKET_FORBIDDEN_ACTION', `the ${role} role may not ${action} a ticket (allowed: ${t.roles.join(', ')})`);
  const blocked = blockedBy(def, t, ticket, facts);
  if (blocked) return fail('TICKET_BAD_TRANSITION', `cannot ${action}: ${blocked}`);
  if (t.requiresReason && !reason?.trim()) return fail('TICKET_REASON_REQUIRED', `${action} (${t.labels['zh-CN']}) needs a reason`);
  return { ok: true, next: nextState(def, t, ticket), transition: t };
}

/** applyTransition for callers that prefer an exception: returns the next state or throws a WorkflowError. */
export function assertTransition(
  def: WorkflowDefinition,
  ticket: TicketWorkflowState,
  action: string,
  role: Role,
  reason?: string,
  facts?: TicketFacts,
): TicketWorkflowState {
  const r = applyTransition(def, ticket, action, role, reason, facts);
  if (!r.ok) throw new WorkflowError(r.error.code, r.error.message);
  return r.next;
}

export interface AvailableAction {
  action: string;
  labels: Labels;
  /** The state the ticket goes to ($same for flag actions; the remembered state for resume). */
  to: string;
  requiresReason: boolean;
  /** `assign`/`reassign`: a department must be chosen (reassign: another one); null when none is asked. */
  department: 'assign' | 'reassign' | null;
  /** Co-handling departments (协办) may be named. */
  coDepartments: boolean;
  /** The caller's satisfaction is asked; `requiresSatisfaction`: it must be given from this state. */
  asksSatisfaction: boolean;
  requiresSatisfaction: boolean;
  /** 延期申请: working days or a date are asked. */
  asksExtension: boolean;
  /** 催办: the department's staff are told; `departmentId` may name a co-handler still at work instead of the lead. */
  notifiesDepartment: boolean;
}

/** Whether an action taken from `state` must carry the caller's satisfaction (归档 after 回访). */
export function satisfactionRequired(t: WorkflowTransition, state: string): boolean {
  const s = t.satisfaction;
  return Boolean(s?.required && (!s.requiredFrom || s.requiredFrom.includes(state)));
}

/** The actions `role` can take on the ticket now (the buttons to show), in definition order. */
export function availableActions(def: WorkflowDefinition, ticket: TicketWorkflowState, role: Role, facts: TicketFacts = {}): AvailableAction[] {
  return def.transitions
    .filter((t) => t.from.includes(ticket.state) && t.roles.includes(role) && !blockedBy(def, t, ticket, facts))
    .map((t) => ({
      action: t.action,
      labels: t.labels,
      to: t.to === RESUME ? (ticket.resumeTo ?? t.to) : t.to,
      requiresReason: t.requiresReason === true,
      department: t.department === 'assign' || t.department === 'reassign' ? t.department : null,
      coDepartments: t.coDepartments === true,
      asksSatisfaction: t.satisfaction !== undefined,
      requiresSatisfaction: satisfactionRequired(t, ticket.state),
      asksExtension: t.effect === 'extension_request',
      notifiesDepartment: t.notify === 'department',
    }));
}

/**
 * Whether an action is a department's answer (答复, 协办答复), whose reason is the reply text: it meets the 答复 limit
 * of a ticket that was dispatched — not 直接办结, which meets that limit, with 派单's, on the call.
 */
export function isReplyAction(t: Pick<WorkflowTransition, 'timers'>): boolean {
  return t.timers?.meet?.includes('reply') === true && !t.timers.meet.includes('dispatch');
}

/** The 回访 (callback) steps a workflow declares, for the callback tasks: read from satisfaction and departments, not action names. */
export interface CallbackSteps {
  /** The states tickets wait in for the callback: where an action must carry the caller's satisfaction (回访中). */
  states: string[];
  /** Closes the ticket with the caller's satisfaction (归档). */
  close: WorkflowTransition | undefined;
  /** Unsatisfied: back to work (重办) — satisfaction defaults to unsatisfied, no department asked. */
  reopen: WorkflowTransition | undefined;
  /** Unsatisfied: dispatched again to a department the agent names (重新派单). */
  redispatch: WorkflowTransition | undefined;
  /** The actions whose text is the department's answer, shown to the agent who calls back (答复). */
  replies: string[];
}

export function callbackSteps(def: WorkflowDefinition): CallbackSteps {
  const states = def.states.filter((s) => def.transitions.some((t) => t.from.includes(s.id) && satisfactionRequired(t, s.id))).map((s) => s.id);
  const from = def.transitions.filter((t) => states.some((s) => t.from.includes(s)) && t.satisfaction);
  const unsatisfied = from.filter((t) => t.satisfaction?.default === 'unsatisfied');
  return {
    states,
    close: from.find((t) => states.some((s) => satisfactionRequired(t, s))),
    reopen: unsatisfied.find((t) => !t.department),
    redispatch: unsatisfied.find((t) => t.department === 'assign'),
    replies: def.transitions.filter((t) => isReplyAction(t) && !t.part).map((t) => t.action),
  };
}

/**
 * 直接办结: the actions that close a new ticket on the call it was taken on — from the initial state, meeting the 办结
 * (resolution) limit — one then waiting for the callback (it starts the 回访 limit), one going straight to a final
 * state (免回访). Built-in: close_on_call, close_on_call_archive.
 */
export function resolveOnTheCall(def: WorkflowDefinition): { callback: string | undefined; archive: string | undefined } {
  const initial = initialTicketState(def).state;
  const closing = def.transitions.filter((t) => t.from.includes(initial) && !t.part && t.timers?.meet?.includes('resolution'));
  return {
    callback: closing.find((t) => t.timers?.start?.includes('callback'))?.action,
    archive: closing.find((t) => t.to !== STAY && t.to !== RESUME && isTerminal(def, t.to))?.action,
  };
}

/**
 * 退单: the states a department's return leaves a ticket in — those an action restoring the department that returned
 * it (驳回退单, department `restore`) leaves — and the actions that lead there clearing the department. Built-in:
 * returned; return (收回 clears the department too, but leads to 已受理, which nothing restores from).
 */
export function returnSteps(def: WorkflowDefinition): { states: string[]; actions: string[] } {
  const states = def.states.filter((s) => def.transitions.some((t) => t.department === 'restore' && t.from.includes(s.id))).map((s) => s.id);
  const actions = def.transitions.filter((t) => t.department === 'clear' && states.includes(t.to)).map((t) => t.action);
  return { states, actions: [...new Set(actions)] };
}

/** The per-department workflow counts (催办, 改派, 收回, 退单 and its decisions, 协办答复) an action adds to. */
export type DepartmentCounter = 'urged' | 'reassignedAway' | 'recalled' | 'returned' | 'returnsAccepted' | 'returnsRefused' | 'coReplied';

/**
 * Which count each action adds to, by what it declares: telling the department (催办), a co-handling part's reply
 * (协办答复), restoring the returner (驳回退单), reassigning — from 退单 states only (同意退单并改派) or elsewhere (改派) —,
 * clearing the department — a return (退单) or not (收回). Built-in: urge, co_reply, refuse_return, accept_return,
 * reassign, return, recall.
 */
export function departmentCounters(def: WorkflowDefinition): Map<string, DepartmentCounter> {
  const returns = returnSteps(def);
  const out = new Map<string, DepartmentCounter>();
  for (const t of def.transitions) {
    const counter: DepartmentCounter | undefined =
      t.notify === 'department'
        ? 'urged'
        : t.part?.to === 'replied'
          ? 'coReplied'
          : t.department === 'restore'
            ? 'returnsRefused'
            : t.department === 'reassign'
              ? t.from.every((f) => returns.states.includes(f))
                ? 'returnsAccepted'
                : 'reassignedAway'
              : t.department === 'clear'
                ? returns.actions.includes(t.action)
                  ? 'returned'
                  : 'recalled'
                : undefined;
    if (counter && !out.has(t.action)) out.set(t.action, counter);
  }
  return out;
}

/** Validates a workflow from a standard pack: the definition, or one readable line per problem. */
export function parseWorkflowDefinition(input: unknown): { ok: true; definition: WorkflowDefinition } | { ok: false; errors: string[] } {
  const r = workflowDefinitionSchema.safeParse(input);
  if (r.success) return { ok: true, definition: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || 'workflow'}: ${i.message}`) };
}
