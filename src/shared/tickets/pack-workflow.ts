/**
 * A standard pack's `workflow` section as the ticket engine's WorkflowDefinition. Pure and cached
 * per section, so the server (every transition) and the browser (state names, filters) share it.
 */
import type { Workflow } from '../standards/schema.js';
import type { Role } from '../roles.js';
import { defaultWorkflow, RESUME, STAY, transitionEffects, workflowDefinitionSchema, type Labels, type TransitionEffect, type WorkflowDefinition, type WorkflowTimerKind, type WorkflowTransition } from './workflow.js';

/** A pack id (`in-progress`) as the engine and the database hold it (`in_progress`). */
export const engineId = (packId: string): string => packId.replace(/[-.]/g, '_');

const hotline: Role[] = ['admin', 'manager', 'lead', 'agent'];
const cache = new WeakMap<Workflow, WorkflowDefinition>();

/**
 * The engine's workflow for a pack's section (the built-in one without it). States and actions are
 * named by the pack in every language; an action with a built-in id inherits the built-in roles,
 * reason rule and effect unless the pack gives its own; `*` stands for every non-final state. A
 * state or action named as the built-in one keeps the built-in names in zh-TW and English.
 */
export function workflowFromPack(w: Workflow | undefined | null): WorkflowDefinition {
  if (!w) return defaultWorkflow;
  const cached = cache.get(w);
  if (cached) return cached;
  const hasInitial = w.states.some((s) => s.initial);
  // A pack names things in its own language; a name that is the built-in one keeps the built-in translations.
  const named = (name: string, builtIn: Labels | undefined): Labels => (builtIn && builtIn['zh-CN'] === name ? builtIn : { 'zh-CN': name, 'zh-TW': name, en: name });
  const states = w.states.map((s, i) => ({
    id: engineId(s.id),
    labels: named(s.name, defaultWorkflow.states.find((d) => d.id === engineId(s.id))?.labels),
    ...((s.initial ?? (!hasInitial && i === 0)) && { initial: true }),
    ...(s.final && { terminal: true }),
  }));
  const open = w.states.filter((s) => !s.final).map((s) => engineId(s.id));
  const transitions = w.transitions.map((t) => {
    const action = engineId(t.action);
    const base = defaultWorkflow.transitions.find((d) => d.action === action);
    const effect = (t.effect ? engineId(t.effect) : base?.effect) as TransitionEffect | undefined;
    const requiresReason = t.reason ?? base?.requiresReason;
    return {
      action,
      labels: t.name ? named(t.name, base?.labels) : (base?.labels ?? named(t.action, undefined)),
      from: [...new Set(t.from.flatMap((f) => (f === '*' ? open : [engineId(f)])))],
      to: t.to === STAY || t.to === RESUME ? t.to : engineId(t.to),
      roles: t.roles ?? base?.roles ?? hotline,
      ...(requiresReason && { requiresReason: true }),
      ...(effect && (transitionEffects as readonly string[]).includes(effect) && { effect }),
      ...withDefaults(t, base),
    };
  });
  const def: WorkflowDefinition = { states, transitions };
  cache.set(w, def);
  return def;
}

type PackTransition = Workflow['transitions'][number];

/** What a pack transition declares about departments, co-handling, time limits, satisfaction and notices; else the built-in action's. */
function withDefaults(t: PackTransition, base: WorkflowTransition | undefined): Partial<WorkflowTransition> {
  const kinds = (xs: string[] | undefined) => xs?.map((k) => engineId(k) as WorkflowTimerKind);
  const timers = t.timers ? { meet: kinds(t.timers.meet), cancel: kinds(t.timers.cancel), start: kinds(t.timers.start) } : base?.timers;
  const satisfaction = t.satisfaction
    ? {
        ...(t.satisfaction.required !== undefined && { required: t.satisfaction.required }),
        ...(t.satisfaction.requiredFrom && { requiredFrom: t.satisfaction.requiredFrom.map(engineId) }),
        ...(t.satisfaction.default && { default: engineId(t.satisfaction.default) as 'satisfied' }),
      }
    : base?.satisfaction;
  const department = t.department ?? base?.department;
  const part = t.part ?? base?.part;
  const coDepartments = t.coDepartments ?? base?.coDepartments;
  const notify = t.notify ?? base?.notify;
  const waitsForParts = t.waitsForParts ?? base?.waitsForParts;
  const cancelParts = t.cancelParts ?? base?.cancelParts;
  return {
    ...(department && { department }),
    ...(coDepartments && { coDepartments }),
    ...(timers && { timers: Object.fromEntries(Object.entries(timers).filter(([, v]) => v !== undefined)) }),
    ...(satisfaction && { satisfaction }),
    ...(notify && { notify }),
    ...(part && { part }),
    ...(waitsForParts && { waitsForParts }),
    ...(cancelParts && { cancelParts }),
  };
}

const runnable = new WeakMap<Workflow, boolean>();

/**
 * The workflow tickets of an organisation follow: its active pack's, or the built-in one when the
 * pack has none — or has one the engine cannot run (a pack stored before its rules were checked).
 */
export function ticketWorkflow(pack: { workflow?: Workflow | undefined } | null | undefined): WorkflowDefinition {
  const w = pack?.workflow;
  if (!w) return defaultWorkflow;
  let ok = runnable.get(w);
  if (ok === undefined) runnable.set(w, (ok = packWorkflowIssues(w).length === 0));
  return ok ? workflowFromPack(w) : defaultWorkflow;
}

/**
 * What the engine cannot work with in a pack's section (exactly one initial state, nothing leaves a
 * final state, one destination per action and state, a flag action stays put …), with paths into
 * the section. References to unknown states are the pack schema's to report.
 */
export function packWorkflowIssues(w: Workflow): Array<{ path: Array<string | number>; message: string }> {
  const r = workflowDefinitionSchema.safeParse(workflowFromPack(w));
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.filter((x): x is string | number => typeof x !== 'symbol').slice(0, 3), message: i.message.replace(/"([a-z0-9_]+)"/g, (_, id: string) => `"${id.replace(/_/g, '-')}"`) }));
}
