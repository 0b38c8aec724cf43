import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { packSchema, type Pack, type Workflow } from '../standards/schema.js';
import { engineId, workflowFromPack } from './pack-workflow.js';
import { applyTransition, availableActions, defaultWorkflow, initialTicketState } from './workflow.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A company 400 line's own workflow: no departments, a supervisor closes. */
const company: Workflow = {
  states: [
    { id: 'new', name: '新建', final: false },
    { id: 'handling', name: '处理中', final: false },
    { id: 'on-hold', name: '等待客户', final: false },
    { id: 'solved', name: '已解决', final: false },
    { id: 'closed', name: '已关闭', final: true },
  ],
  transitions: [
    { action: 'take', name: '受理', from: ['new'], to: 'handling', roles: ['agent', 'lead'] },
    { action: 'suspend', name: '等待客户', from: ['handling'], to: 'on-hold' },
    { action: 'resume', from: ['on-hold'], to: '$resume' },
    { action: 'solve', name: '解决', from: ['handling'], to: 'solved', reason: true },
    { action: 'close', name: '关闭', from: ['solved'], to: 'closed', roles: ['lead'] },
    { action: 'supervise', from: ['*'], to: '$same' },
  ],
};

describe('a standard pack’s workflow in the ticket engine', () => {
  let gov: Pack;
  beforeAll(async () => {
    gov = (await loadPack(`${root}standards/government-12345`)).pack;
  });

  it('the 12345 pack spells out the built-in workflow: same states, actions, roles, reasons and effects', () => {
    const def = workflowFromPack(gov.workflow);
    expect(def.states.map(({ id, initial, terminal }) => ({ id, initial, terminal }))).toEqual(defaultWorkflow.states.map(({ id, initial, terminal }) => ({ id, initial, terminal })));
    const shape = (d: typeof def) =>
      d.transitions.map((t) => ({
        action: t.action,
        from: [...t.from].sort(),
        to: t.to,
        roles: [...t.roles].sort(),
        requiresReason: t.requiresReason === true,
        effect: t.effect ?? null,
        department: t.department ?? null,
        timers: t.timers ?? null,
        satisfaction: t.satisfaction ?? null,
        part: t.part ?? null,
        notify: t.notify ?? null,
        waitsForParts: t.waitsForParts === true,
        cancelParts: t.cancelParts === true,
      }));
    expect(shape(def)).toEqual(shape(defaultWorkflow));
    // named as the built-in ones: the built-in translations too
    expect(def.states.map((s) => s.labels)).toEqual(defaultWorkflow.states.map((s) => s.labels));
    expect(def.transitions.map((t) => t.labels)).toEqual(defaultWorkflow.transitions.map((t) => t.labels));
  });

  it('runs a pack’s own workflow: its names, roles, reasons, `*`, $resume and inherited effects', () => {
    const def = workflowFromPack(company);
    const start = initialTicketState(def);
    expect(start.state).toBe('new');
    expect(applyTransition(def, start, 'take', 'department')).toMatchObject({ ok: false, error: { code: 'TICKET_FORBIDDEN_ACTION' } });
    const taken = applyTransition(def, start, 'take', 'agent');
    expect(taken).toMatchObject({ ok: true, next: { state: 'handling' } });
    if (!taken.ok) return;
    // suspend inherits the built-in effect (and its reason rule); resume goes back where it was
    expect(applyTransition(def, taken.next, 'suspend', 'lead')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    const held = applyTransition(def, taken.next, 'suspend', 'lead', '等客户补充材料');
    expect(held).toMatchObject({ ok: true, next: { state: 'on_hold', resumeTo: 'handling' } });
    if (!held.ok) return;
    expect(applyTransition(def, held.next, 'resume', 'lead')).toMatchObject({ ok: true, next: { state: 'handling' } });
    expect(applyTransition(def, taken.next, 'solve', 'agent')).toMatchObject({ ok: false, error: { code: 'TICKET_REASON_REQUIRED' } });
    expect(applyTransition(def, taken.next, 'dispatch', 'agent')).toMatchObject({ ok: false, error: { code: 'TICKET_BAD_TRANSITION' } });
    // `*` is every state that is not final
    expect(def.transitions.find((t) => t.action === 'supervise')?.from).toEqual(['new', 'handling', 'on_hold', 'solved']);
    expect(availableActions(def, { state: 'solved', extension: 'none', supervised: false }, 'agent').map((a) => a.action)).toEqual([]);
    expect(availableActions(def, { state: 'solved', extension: 'none', supervised: false }, 'lead').map((a) => [a.action, a.labels['zh-CN']])).toEqual([['close', '关闭']]);
    expect(engineId('on-hold')).toBe('on_hold');
  });

  it('a pack whose workflow the engine cannot run is refused with the place and the reason', () => {
    const bad = (workflow: unknown) => {
      const r = packSchema.safeParse({ ...gov, workflow });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ ...company, states: company.states.map((s) => ({ ...s, initial: true })) })).toEqual([expect.stringMatching(/^workflow\.states: exactly one state must be initial/)]);
    expect(bad({ ...company, transitions: [...company.transitions, { action: 'reopen', from: ['closed'], to: 'handling' }] })).toEqual([expect.stringMatching(/^workflow\.transitions\.6\.from: .*leaves terminal state "closed"/)]);
    expect(bad({ ...company, transitions: [...company.transitions, { action: 'supervise', from: ['new'], to: 'handling' }] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^workflow\.transitions\.6\.from: action "supervise" is defined twice from state "new"/)]),
    );
    expect(bad({ ...company, transitions: [{ action: 'take', from: ['nowhere'], to: 'handling' }] })).toEqual([expect.stringMatching(/^workflow\.transitions\.0\.from\.0: unknown state "nowhere"/)]);
    expect(bad(company)).toEqual([]);
  });
});
