/**
 * The call's standard operating procedure (标准化接听流程): 接听 → 需求识别 → 记录分类 → 解决 → 确认 → 结束.
 * The stages are fixed by the service standard; what the agent says and must avoid in each comes
 * from the organisation's pack, filled in with the agent's name, number (工号) and organisation.
 * Pure: the workbench calls it on every change; tests call it with a pack and facts.
 */
import { callStageIds, type CallRules, type CustomerType, type Pack, type Scenario } from '../standards/schema.js';
import { packIdentity } from '../standards/identity.js';
import { renderScript, type ScriptVars } from '../standards/render.js';

// the pack's scenarios name the same steps (scenario.stage)
export const sopStageIds = callStageIds;
export type SopStageId = (typeof sopStageIds)[number];

/** A line to say, already filled in. `key` names where it comes from in the pack (for tests and highlighting). */
export interface SayLine {
  key: string;
  text: string;
  /** A condition from the pack (e.g. 客户仍不接受), or why the line applies now. */
  when?: string;
}

export interface SopStage {
  id: SopStageId;
  /** What to say, in order. */
  say: SayLine[];
  /** What to do (the pack's actions and required records). */
  todo: string[];
  /** What must not be said here (the scenario's forbidden phrasings, the customer type's don'ts). */
  avoid: string[];
}

/** What the call has shown so far: each fact can complete a stage by itself. */
export interface SopFacts {
  /** The agent's greeting was said (first agent utterance with the greeting and the agent number) or ticked. */
  greeted: boolean;
  /** The caller's need is known: the caller spoke after the greeting, the agent wrote notes, or a scenario was chosen. */
  needKnown: boolean;
  categoryChosen: boolean;
  /** A solution was given or the matter handed on: a scenario followed, a transfer, a commitment with a deadline, or ticked. */
  resolved: boolean;
  /** The recap was said or every item of the recap checklist is ticked. */
  recapDone: boolean;
  /** The closing offer or the farewell was said. */
  closed: boolean;
  ended: boolean;
}

export const noFacts: SopFacts = { greeted: false, needKnown: false, categoryChosen: false, resolved: false, recapDone: false, closed: false, ended: false };

/** Whether each stage is complete by the facts alone. */
export function stagesDone(f: SopFacts): Record<SopStageId, boolean> {
  return {
    answer: f.greeted,
    identify: f.needKnown,
    record: f.categoryChosen,
    resolve: f.resolved || f.recapDone || f.closed,
    confirm: f.recapDone || f.closed,
    close: f.ended,
  };
}

/**
 * The stage the call is in: the first one not complete, but never before a stage the agent moved
 * to by hand (`floor`). A later fact never moves the call back.
 */
export function currentStage(f: SopFacts, floor = 0): number {
  const done = stagesDone(f);
  const auto = sopStageIds.findIndex((id) => !done[id]);
  return Math.max(auto === -1 ? sopStageIds.length - 1 : auto, Math.min(floor, sopStageIds.length - 1));
}

export interface SopContext {
  /** 工号, name and organisation for the placeholders; the organisation defaults to the pack's. */
  vars: ScriptVars;
  /** Rings before the answer: past the pack's maxRings the apology comes first. */
  rings?: number | null;
  scenario?: Scenario | null;
  customerType?: CustomerType | null;
}

/** The six stages with the pack's lines for this call. */
export function sopStages(pack: Pack, ctx: SopContext): SopStage[] {
  const r: CallRules = pack.callRules;
  // ctx.vars carries the organisation's own identity (its profile) when the caller knows it
  const vars: ScriptVars = { ...packIdentity(pack), ...ctx.vars };
  const fill = (s: string) => renderScript(s, vars);
  const sc = ctx.scenario ?? null;
  const ct = ctx.customerType ?? null;

  const answer: SayLine[] = [];
  if (ctx.rings != null && ctx.rings > r.answer.maxRings) answer.push({ key: 'callRules.answer.apologies.0', text: fill(r.answer.apologies[0]!), when: `>${r.answer.maxRings}` });
  answer.push({ key: 'identity.greeting', text: fill(pack.identity.greeting) });
  if (r.greeting.replyToCustomerGreeting) answer.push({ key: 'callRules.greeting.replyToCustomerGreeting', text: fill(r.greeting.replyToCustomerGreeting), when: 'customerGreetsFirst' });

  const identify: SayLine[] = [];
  const identifyTodo: string[] = [];
  if (r.greeting.addressCustomer) identifyTodo.push(r.greeting.addressCustomer);
  if (ct) {
    identifyTodo.push(...ct.approach);
    ct.scripts.forEach((s, i) => identify.push({ key: `customerTypes.${ct.id}.scripts.${i}`, text: fill(s) }));
  }

  const resolve: SayLine[] = [];
  const resolveTodo: string[] = [];
  if (sc) {
    sc.steps.forEach((st, i) => {
      if (st.script) resolve.push({ key: `scenarios.${sc.id}.steps.${i}`, text: fill(st.script), ...(st.when && { when: st.when }) });
      if (st.action) resolveTodo.push(st.when ? `${st.when}：${st.action}` : st.action);
    });
  }
  resolve.push({ key: 'callRules.hold.consentScript', text: fill(r.hold.consentScript), when: 'hold' });

  const confirm: SayLine[] = [{ key: 'callRules.closing.offerFurtherHelp', text: fill(r.closing.offerFurtherHelp) }];
  const close: SayLine[] = [{ key: 'callRules.closing.farewell', text: fill(r.closing.farewell) }];
  if (r.closing.customerHangsUpFirst) close.push({ key: 'callRules.closing.agentEndNotice', text: fill(r.closing.agentEndNotice), when: 'customerStays' });

  const avoidCustomer = ct?.avoid ?? [];
  const avoidScenario = sc?.forbidden ?? [];
  return [
    { id: 'answer', say: answer, todo: [], avoid: [] },
    { id: 'identify', say: identify, todo: identifyTodo, avoid: avoidCustomer },
    { id: 'record', say: [], todo: [...r.wrapUp.mustRecord], avoid: [] },
    { id: 'resolve', say: resolve, todo: resolveTodo, avoid: [...avoidScenario, ...avoidCustomer] },
    { id: 'confirm', say: confirm, todo: [...r.wrapUp.mustRecord], avoid: [] },
    { id: 'close', say: close, todo: [], avoid: [] },
  ];
}
