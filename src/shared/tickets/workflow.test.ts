import { describe, expect, it } from 'vitest';
import { roles, type Role } from '../roles.js';
import {
  applyTransition,
  assertTransition,
  availableActions,
  callbackSteps,
  defaultWorkflow,
  departmentCounters,
  initialTicketState,
  isTerminal,
  isReplyAction,
  parseWorkflowDefinition,
  quietStates,
  resolveOnTheCall,
  returnSteps,
  WorkflowError,
  workflowDefinitionSchema,
  type TicketFacts,
  type TicketWorkflowState,
  type WorkflowDefinition,
} from './workflow.js';

const def = defaultWorkflow;
const start = initialTicketState();

/** Runs steps [action, role, reason?] and returns the final state; fails the test on the first refusal. */
function run(from: TicketWorkflowState, steps: Array<[string, Role, string?]>, facts?: TicketFacts): TicketWorkflowState {
  let s = from;
  for (const [action, role, reason] of steps) {
    const r = applyTransition(def, s, action, role, reason, facts);
    if (!r.ok) throw new Error(`${action} as ${role} from ${s.state}: ${r.error.code} ${r.error.message}`);
    s = r.next;
  }
  return s;
}

const at = (state: string, extra: Partial<TicketWorkflowState> = {}): TicketWorkflowState => ({ ...start, state, ...extra });

describe('default workflow definition', () => {
  it('is valid against its own schema and labelled in three languages', () => {
    expect(workflowDefinitionSchema.safeParse(def).success).toBe(true);
    for (const s of def.states) expect(Object.keys(s.labels).sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
    expect(start).toEqual({ state: 'accepted', resumeTo: null, extension: 'none', supervised: false });
    expect(isTerminal(def, 'archived')).toBe(true);
    expect(isTerminal(def, 'merged')).toBe(true);
    expect(isTerminal(def, 'callback')).toBe(false);
  });
});

describe('main path', () => {
  it('受理 → 派单 → 签收 → 办理中 → 答复 → 审核 → 回访 → 归档', () => {
    const states: string[] = [];
    let s = start;
    const steps: Array<[string, Role]> = [
      ['dispatch', 'agent'],
      ['sign', 'department'],
      ['start', 'department'],
      ['reply', 'department'],
      ['approve_reply', 'lead'],
      ['start_callback', 'agent'],
      ['archive', 'agent'],
    ];
    for (const step of steps) {
      s = run(s, [step]);
      states.push(s.state);
    }
    expect(states).toEqual(['dispatched', 'signed', 'in_progress', 'replied', 'reviewed', 'callback', 'archived']);
    for (const r of roles) expect(availableActions(def, s, r, { overdue: true })).toEqual([]);
  });

  it('直接办结 goes to callback, or straight to the archive', () => {
    expect(run(start, [['close_on_call', 'agent']]).state).toBe('callback');
    expect(run(start, [['close_on_call_archive', 'agent']]).state).toBe('archived');
  });

  it('审核退回 sends the reply back to the department with a reason', () => {
    const replied = at('replied');
    expect(applyTransition(def, replied, 'reject_reply', 'lead')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(run(replied, [['reject_reply', 'lead', '答复未回应诉求']]).state).toBe('in_progress');
  });
});

describe('退单 and re-dispatch', () => {
  it('the department returns it with a reason and the hotline dispatches it again', () => {
    const dispatched = run(start, [['dispatch', 'agent']]);
    const noReason = applyTransition(def, dispatched, 'return', 'department', '   ');
    expect(noReason).toEqual({ ok: false, error: { code: 'TICKET_REASON_REQUIRED', message: 'return (退单) needs a reason' } });
    const returned = run(dispatched, [['return', 'department', '不属于本单位职责，应由区住建局办理']]);
    expect(returned.state).toBe('returned');
    expect(availableActions(def, returned, 'agent').map((a) => a.action)).toEqual(['dispatch', 'accept_return', 'refuse_return', 'merge']);
    expect(availableActions(def, returned, 'agent').find((a) => a.action === 'accept_return')).toMatchObject({ department: 'reassign', requiresReason: false });
    expect(applyTransition(def, returned, 'refuse_return', 'agent')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(run(returned, [['dispatch', 'agent'], ['sign', 'department']]).state).toBe('signed');
    expect(applyTransition(def, returned, 'sign', 'department')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
  });
});

describe('延期申请 (extension)', () => {
  const working = at('in_progress');

  it('approve: a flag, the main state does not change', () => {
    const requested = run(working, [['request_extension', 'department', '需现场勘查，协调多部门']]);
    expect(requested).toMatchObject({ state: 'in_progress', extension: 'requested' });
    expect(applyTransition(def, requested, 'request_extension', 'department', 'again')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(availableActions(def, requested, 'lead').map((a) => a.action)).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']));
    const approved = run(requested, [['approve_extension', 'manager']]);
    expect(approved).toMatchObject({ state: 'in_progress', extension: 'approved' });
    // the department keeps working and replies
    expect(run(approved, [['reply', 'department']]).state).toBe('replied');
  });

  it('reject needs a reason; a decision needs a pending request; departments cannot decide', () => {
    const requested = run(working, [['request_extension', 'department', '需要更多时间']]);
    expect(applyTransition(def, requested, 'reject_extension', 'lead')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(run(requested, [['reject_extension', 'lead', '可在时限内完成']])).toMatchObject({ state: 'in_progress', extension: 'rejected' });
    expect(applyTransition(def, working, 'approve_extension', 'lead')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION', message: 'cannot approve_extension: there is no extension request waiting for a decision' } });
    expect(applyTransition(def, requested, 'approve_extension', 'department')).toMatchObject({ ok: false, error: { code: 'TICKET_FORBIDDEN_ACTION' } });
    expect(applyTransition(def, working, 'request_extension', 'department')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
  });

  it('a pending request lapses when the department replies or returns the ticket', () => {
    const requested = run(working, [['request_extension', 'department', '需要更多时间']]);
    expect(run(requested, [['reply', 'department']]).extension).toBe('none');
    expect(run(requested, [['return', 'department', '非本单位职责']]).extension).toBe('none');
    expect(run(requested, [['suspend', 'lead', '等待市民补充材料']]).extension).toBe('requested');
  });
});

describe('挂起 / 恢复 (suspend / resume)', () => {
  it('remembers the state to return to', () => {
    const suspended = run(at('signed'), [['suspend', 'manager', '等待市民补充材料']]);
    expect(suspended).toMatchObject({ state: 'suspended', resumeTo: 'signed' });
    expect(availableActions(def, suspended, 'manager').find((a) => a.action === 'resume')?.to).toBe('signed');
    expect(applyTransition(def, suspended, 'start', 'department')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(applyTransition(def, suspended, 'suspend', 'manager', 'again')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(run(suspended, [['resume', 'manager']])).toEqual({ ...start, state: 'signed', resumeTo: null });
    expect(applyTransition(def, at('suspended'), 'resume', 'manager')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(applyTransition(def, at('signed'), 'suspend', 'agent', 'x')).toMatchObject({ ok: false, error: { code: 'TICKET_FORBIDDEN_ACTION' } });
  });
});

describe('督办 (supervise)', () => {
  it('only overdue or complained-about tickets, in any open state', () => {
    const t = at('dispatched');
    expect(applyTransition(def, t, 'supervise', 'lead', '超期未签收')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    const s = run(t, [['supervise', 'inspector', '超期未签收']], { overdue: true });
    expect(s).toMatchObject({ state: 'dispatched', supervised: true });
    expect(run(at('suspended', { resumeTo: 'signed' }), [['supervise', 'lead', '市民投诉']], { complained: true }).supervised).toBe(true);
    expect(applyTransition(def, s, 'supervise', 'lead', 'again', { overdue: true })).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(applyTransition(def, at('archived'), 'supervise', 'lead', 'x', { overdue: true })).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(applyTransition(def, t, 'supervise', 'department', 'x', { overdue: true })).toMatchObject({ ok: false, error: { code: 'TICKET_FORBIDDEN_ACTION' } });
    expect(run(s, [['end_supervision', 'manager']]).supervised).toBe(false);
  });
});

describe('重开 after an unsatisfied callback', () => {
  it('back to the department (in_progress) or dispatched again, with a reason', () => {
    const callback = run(at('reviewed'), [['start_callback', 'agent']]);
    expect(applyTransition(def, callback, 'reopen', 'agent')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(run(callback, [['reopen', 'agent', '市民不满意：问题未解决']]).state).toBe('in_progress');
    expect(run(callback, [['reopen_redispatch', 'agent', '承办单位不对']]).state).toBe('dispatched');
    expect(applyTransition(def, at('archived'), 'reopen', 'agent', 'x')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
  });
});

describe('合并 (merge)', () => {
  it('is terminal', () => {
    const merged = run(at('suspended', { resumeTo: 'accepted' }), [['merge', 'agent', '与 12345-2025-000123 重复']]);
    expect(merged).toMatchObject({ state: 'merged', resumeTo: null });
    expect(availableActions(def, merged, 'admin', { overdue: true })).toEqual([]);
  });
});

describe('illegal transitions and roles', () => {
  it('refuses what the workflow does not allow, with a code and a sentence', () => {
    expect(applyTransition(def, start, 'archive', 'agent')).toEqual({
      ok: false,
      error: { code: 'TICKET_BAD_TRANSITION', message: 'cannot archive a ticket that is accepted (已受理): only from callback (回访中), reviewed (已审核)' },
    });
    expect(applyTransition(def, start, 'fly', 'admin')).toEqual({ ok: false, error: { code: 'TICKET_BAD_TRANSITION', message: 'unknown action "fly"' } });
    expect(applyTransition(def, at('archived'), 'dispatch', 'admin').ok).toBe(false);
    expect(applyTransition(def, at('dispatched'), 'reply', 'department').ok).toBe(false); // must sign and start first
  });

  it('checks roles', () => {
    expect(applyTransition(def, at('dispatched'), 'sign', 'agent')).toEqual({
      ok: false,
      error: { code: 'TICKET_FORBIDDEN_ACTION', message: 'the agent role may not sign a ticket (allowed: admin, department)' },
    });
    expect(applyTransition(def, start, 'dispatch', 'department').ok).toBe(false);
    expect(applyTransition(def, at('replied'), 'approve_reply', 'agent').ok).toBe(false);
    expect(applyTransition(def, start, 'dispatch', 'inspector').ok).toBe(false);
    // admin can do everything the workflow allows, but a co-handling department's own steps (its staff take them)
    for (const t of def.transitions) if (!t.part) expect(t.roles, t.action).toContain('admin');
  });
});

describe('主办/协办, 改派, 收回, 催办', () => {
  const signed = at('signed');
  it('a co-handling department sees only its own steps, and the lead only the lead’s', () => {
    const co = (part: 'dispatched' | 'signed' | 'replied') => availableActions(def, signed, 'department', { actingAs: 'co', part }).map((a) => a.action);
    expect(co('dispatched')).toEqual(['co_sign']);
    expect(co('signed')).toEqual(['co_reply']);
    expect(co('replied')).toEqual([]);
    expect(applyTransition(def, signed, 'start', 'department', undefined, { actingAs: 'co', part: 'signed' })).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    const lead = availableActions(def, signed, 'department', { actingAs: 'lead' }).map((a) => a.action);
    expect(lead).toContain('start');
    expect(lead).not.toContain('co_sign');
    // the step leaves the ticket where it is
    expect(applyTransition(def, signed, 'co_sign', 'department', undefined, { actingAs: 'co', part: 'dispatched' })).toMatchObject({ ok: true, next: { state: 'signed' } });
  });
  it('the lead replies only when no co-handler is still within its time', () => {
    const inProgress = at('in_progress');
    expect(applyTransition(def, inProgress, 'reply', 'department', undefined, { actingAs: 'lead', partsPending: 2 })).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    expect(applyTransition(def, inProgress, 'reply', 'department', undefined, { actingAs: 'lead', partsPending: 0 })).toMatchObject({ ok: true, next: { state: 'replied' } });
  });
  it('the hotline reassigns, recalls and urges while the department works, with a reason', () => {
    for (const state of ['dispatched', 'signed', 'in_progress']) {
      const names = availableActions(def, at(state), 'agent').map((a) => a.action);
      expect(names).toEqual(expect.arrayContaining(['reassign', 'recall', 'urge']));
    }
    expect(applyTransition(def, signed, 'reassign', 'agent', '交叉')).toMatchObject({ ok: true, next: { state: 'dispatched' } });
    expect(applyTransition(def, signed, 'recall', 'agent', '来电人撤回')).toMatchObject({ ok: true, next: { state: 'accepted' } });
    expect(applyTransition(def, signed, 'urge', 'agent', '来电人再次来电')).toMatchObject({ ok: true, next: { state: 'signed' } });
    expect(applyTransition(def, signed, 'urge', 'agent')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(availableActions(def, signed, 'agent').find((a) => a.action === 'urge')).toMatchObject({ notifiesDepartment: true, requiresReason: true, department: null });
    expect(applyTransition(def, signed, 'urge', 'department', 'x')).toMatchObject({ ok: false, error: { code: 'TICKET_FORBIDDEN_ACTION' } });
    expect(applyTransition(def, at('replied'), 'urge', 'agent', 'x')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
  });

  it('availableActions lists exactly what applyTransition accepts', () => {
    const facts = { overdue: true };
    for (const state of def.states.map((s) => s.id)) {
      for (const extension of ['none', 'requested'] as const) {
        const ticket = at(state, { extension, resumeTo: state === 'suspended' ? 'in_progress' : null });
        for (const role of roles) {
          const listed = availableActions(def, ticket, role, facts).map((a) => a.action);
          const accepted = [...new Set(def.transitions.map((t) => t.action))].filter((a) => applyTransition(def, ticket, a, role, 'reason', facts).ok);
          expect(listed, `${state}/${extension}/${role}`).toEqual(accepted);
        }
      }
    }
    expect(availableActions(def, at('dispatched'), 'department').map((a) => a.action)).toEqual(['sign', 'return']);
  });

  it('assertTransition throws a typed error', () => {
    expect(assertTransition(def, start, 'dispatch', 'agent').state).toBe('dispatched');
    expect(() => assertTransition(def, start, 'sign', 'department')).toThrow(WorkflowError);
    try {
      assertTransition(def, at('dispatched'), 'sign', 'agent');
    } catch (err) {
      expect((err as WorkflowError).code).toBe('TICKET_FORBIDDEN_ACTION');
    }
  });
});

describe('workflow overrides from a standard pack', () => {
  it('are checked for consistency', () => {
    const bad = {
      states: [...def.states, { id: 'accepted', labels: { 'zh-CN': 'x', 'zh-TW': 'x', en: 'x' } }],
      transitions: [
        ...def.transitions,
        { action: 'dispatch', labels: { 'zh-CN': 'x', 'zh-TW': 'x', en: 'x' }, from: ['accepted'], to: 'signed', roles: ['agent'] },
        { action: 'teleport', labels: { 'zh-CN': 'x', 'zh-TW': 'x', en: 'x' }, from: ['archived'], to: 'nowhere', roles: ['agent'] },
      ],
    };
    const r = parseWorkflowDefinition(bad);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.join('\n');
    expect(errors).toMatch(/state "accepted" is defined twice/);
    expect(errors).toMatch(/action "dispatch" is defined twice from state "accepted"/);
    expect(errors).toMatch(/leaves terminal state "archived"/);
    expect(errors).toMatch(/leads to unknown state "nowhere"/);
    const badRole = parseWorkflowDefinition({ ...def, transitions: [{ ...def.transitions[0], roles: ['pilot'] }] });
    expect(badRole.ok ? '' : badRole.errors.join('\n')).toMatch(/^transitions\.0\.roles\.0: /);
  });

  it('a smaller workflow works with the same functions', () => {
    const small = parseWorkflowDefinition({
      states: [
        { id: 'open', labels: { 'zh-CN': '待办', 'zh-TW': '待辦', en: 'Open' }, initial: true },
        { id: 'done', labels: { 'zh-CN': '办结', 'zh-TW': '辦結', en: 'Done' }, terminal: true },
      ],
      transitions: [{ action: 'close', labels: { 'zh-CN': '办结', 'zh-TW': '辦結', en: 'Close' }, from: ['open'], to: 'done', roles: ['agent'] }],
    });
    if (!small.ok) throw new Error(small.errors.join('; '));
    const s = initialTicketState(small.definition);
    expect(s.state).toBe('open');
    expect(assertTransition(small.definition, s, 'close', 'agent').state).toBe('done');
  });
});

/** Labels do not matter to the helpers below: each workflow of its own names uses these. */
const L = { 'zh-CN': 'x', 'zh-TW': 'x', en: 'x' };

/** A team that takes tickets, may return one (bounce) or have it taken back; the hotline overrules a return. */
const withReturns: WorkflowDefinition = {
  states: [
    { id: 'open', labels: L, initial: true },
    { id: 'team', labels: L },
    { id: 'bounced', labels: L },
  ],
  transitions: [
    { action: 'send', labels: L, from: ['open'], to: 'team', roles: ['agent'], department: 'assign' },
    { action: 'bounce', labels: L, from: ['team'], to: 'bounced', roles: ['department'], department: 'clear' },
    { action: 'take_back', labels: L, from: ['team'], to: 'open', roles: ['agent'], department: 'clear' },
    { action: 'overrule', labels: L, from: ['bounced'], to: 'team', roles: ['agent'], department: 'restore' },
  ],
};

describe('quietStates: where no progress report is owed, from the transitions’ timers', () => {
  it('the built-in workflow: answered, reviewed, calling back, final and suspended states', () => {
    expect([...quietStates(defaultWorkflow)].sort()).toEqual(['archived', 'callback', 'merged', 'replied', 'reviewed', 'suspended']);
  });

  it('a workflow with its own names: after the action that meets the resolution limit, until one starts it again', () => {
    const def: WorkflowDefinition = {
      states: [
        { id: 'open', labels: L, initial: true },
        { id: 'done', labels: L },
        { id: 'again', labels: L },
        { id: 'parked', labels: L },
        { id: 'gone', labels: L, terminal: true },
      ],
      transitions: [
        { action: 'finish', labels: L, from: ['open', 'again'], to: 'done', roles: ['agent'], timers: { meet: ['resolution'] } },
        { action: 'redo', labels: L, from: ['done'], to: 'again', roles: ['agent'], timers: { start: ['resolution'] } },
        { action: 'park', labels: L, from: ['open'], to: 'parked', roles: ['agent'], effect: 'suspend' },
        { action: 'unpark', labels: L, from: ['parked'], to: '$resume', roles: ['agent'] },
        { action: 'drop', labels: L, from: ['open', 'done', 'again'], to: 'gone', roles: ['agent'] },
      ],
    };
    expect([...quietStates(def)].sort()).toEqual(['done', 'gone', 'parked']);
  });
});

describe('callbackSteps: the 回访 states and actions, from what the transitions declare', () => {
  it('the built-in workflow: 回访中, 归档, 重办, 重新派单, and 答复 as the reply', () => {
    const c = callbackSteps(defaultWorkflow);
    expect(c.states).toEqual(['callback']);
    expect([c.close?.action, c.reopen?.action, c.redispatch?.action]).toEqual(['archive', 'reopen', 'reopen_redispatch']);
    expect(c.replies).toEqual(['reply']);
    expect(defaultWorkflow.transitions.filter(isReplyAction).map((t) => t.action)).toEqual(['co_reply', 'reply']);
  });

  it('a workflow with its own names', () => {
    const def: WorkflowDefinition = {
      states: [
        { id: 'open', labels: L, initial: true },
        { id: 'answered', labels: L },
        { id: 'follow_up', labels: L },
        { id: 'closed', labels: L, terminal: true },
      ],
      transitions: [
        { action: 'answer', labels: L, from: ['open'], to: 'answered', roles: ['department'], timers: { meet: ['reply', 'resolution'], start: ['callback'] } },
        { action: 'ring_back', labels: L, from: ['answered'], to: 'follow_up', roles: ['agent'] },
        { action: 'done', labels: L, from: ['follow_up'], to: 'closed', roles: ['agent'], satisfaction: { required: true } },
        { action: 'again', labels: L, from: ['follow_up'], to: 'open', roles: ['agent'], satisfaction: { default: 'unsatisfied' } },
      ],
    };
    const c = callbackSteps(def);
    expect(c.states).toEqual(['follow_up']);
    expect([c.close?.action, c.reopen?.action, c.redispatch]).toEqual(['done', 'again', undefined]);
    expect(c.replies).toEqual(['answer']);
  });
});

describe('resolveOnTheCall: the 直接办结 actions, from what the transitions declare', () => {
  it('the built-in workflow', () => {
    expect(resolveOnTheCall(defaultWorkflow)).toEqual({ callback: 'close_on_call', archive: 'close_on_call_archive' });
  });
  it('a workflow with its own names, and one without', () => {
    const def: WorkflowDefinition = {
      states: [
        { id: 'new', labels: L, initial: true },
        { id: 'follow_up', labels: L },
        { id: 'closed', labels: L, terminal: true },
      ],
      transitions: [
        { action: 'solved_now', labels: L, from: ['new'], to: 'follow_up', roles: ['agent'], timers: { meet: ['resolution'], start: ['callback'] } },
        { action: 'solved_closed', labels: L, from: ['new'], to: 'closed', roles: ['agent'], timers: { meet: ['resolution'] } },
        { action: 'close', labels: L, from: ['follow_up'], to: 'closed', roles: ['agent'], timers: { meet: ['callback'] } },
      ],
    };
    expect(resolveOnTheCall(def)).toEqual({ callback: 'solved_now', archive: 'solved_closed' });
    expect(resolveOnTheCall({ ...def, transitions: def.transitions.slice(2) })).toEqual({ callback: undefined, archive: undefined });
  });
});

describe('returnSteps: where a department’s return leaves a ticket, from the department effects', () => {
  it('the built-in workflow: 已退单 by 退单 (收回 clears the department too, but nothing restores from 已受理)', () => {
    expect(returnSteps(defaultWorkflow)).toEqual({ states: ['returned'], actions: ['return'] });
  });
  it('a workflow with its own names', () => {
    expect(returnSteps(withReturns)).toEqual({ states: ['bounced'], actions: ['bounce'] });
  });
});

describe('departmentCounters: which department count an action adds to, from what it declares', () => {
  it('the built-in workflow', () => {
    expect(Object.fromEntries(departmentCounters(defaultWorkflow))).toEqual({
      return: 'returned',
      accept_return: 'returnsAccepted',
      refuse_return: 'returnsRefused',
      reassign: 'reassignedAway',
      recall: 'recalled',
      urge: 'urged',
      co_reply: 'coReplied',
    });
  });
  it('a workflow with its own names', () => {
    const def: WorkflowDefinition = {
      ...withReturns,
      transitions: [
        ...withReturns.transitions,
        { action: 'elsewhere', labels: L, from: ['bounced'], to: 'team', roles: ['agent'], department: 'reassign' },
        { action: 'move', labels: L, from: ['team'], to: 'team', roles: ['agent'], department: 'reassign' },
        { action: 'hurry', labels: L, from: ['team'], to: '$same', roles: ['agent'], notify: 'department' },
      ],
    };
    expect(Object.fromEntries(departmentCounters(def))).toEqual({ bounce: 'returned', take_back: 'recalled', overrule: 'returnsRefused', elsewhere: 'returnsAccepted', move: 'reassignedAway', hurry: 'urged' });
  });
});
