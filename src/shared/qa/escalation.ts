/**
 * The 180-second rule (seed 004: a caller who still does not accept the explanation once the
 * call has lasted 180 seconds is offered the expert seat — 综合专席 — or a ticket), checked in
 * packs that carry it (`callRules.unresolvedComplaint`).
 *
 * Counted from the answer, as the rule says "通话时长达到并超过180秒". A finding needs all of:
 * - the dispute is still going on past the limit: the caller voices dissatisfaction in an
 *   utterance starting at or after it (a call that merely lasts long is no dispute);
 * - no offer was made before that objection or within `graceMs` after it: neither a transfer
 *   (any transfer event: the call left the agent), nor an agent utterance announcing a
 *   transfer that names the seat, nor — when the rule allows a ticket — a registration
 *   (帮您登记 …, or a ticket created from the call);
 * - the agent had the chance: they spoke after the objection (a caller who hangs up on
 *   their own last word leaves nothing to judge).
 * The evidence is the caller's first objection past the limit.
 */
import type { EscalationRule } from './config.js';
import type { CallContext, Utterance } from './context.js';
import { normalizeText } from '../text/normalize.js';

/** The check id of the rule's findings. */
export const UNRESOLVED_COMPLAINT_CHECK = 'complaint.no-escalation';

/** The name supervisors see: 争议超过 180 秒未转综合专席或登记工单. */
export function escalationRuleName(afterSeconds: number, target: string | null, orCreateTicket: boolean): string {
  const offer = [target ? `转${target}` : null, orCreateTicket ? '登记工单' : null].filter(Boolean).join('或');
  return `争议超过 ${afterSeconds} 秒未${offer || '升级处理'}`;
}

const targetNames = new Map<string, string>();

function offers(ctx: CallContext, rule: EscalationRule, u: Utterance): boolean {
  if (rule.orCreateTicket && ctx.has(ctx.lists.registration, u)) return true;
  if (rule.target === null || !ctx.has(ctx.lists.transferNotice, u)) return false;
  let name = targetNames.get(rule.target);
  if (name === undefined) targetNames.set(rule.target, (name = normalizeText(rule.target)));
  return name !== '' && u.norm.includes(name);
}

export function checkUnresolvedComplaint(ctx: CallContext): void {
  const rule = ctx.config.escalation;
  if (!rule) return;
  const late = ctx.customer.find((u) => u.start >= rule.afterMs && ctx.has(ctx.lists.dissatisfaction, u));
  if (!late) return;
  const deadline = late.start + rule.graceMs;
  if (ctx.events.some((e) => e.type === 'transfer' && e.at <= deadline)) return;
  if (rule.orCreateTicket && ctx.ticketRegistered === true) return;
  if (!ctx.agent.some((u) => u.start > late.start)) return;
  if (ctx.agent.some((u) => u.start <= deadline && offers(ctx, rule, u))) return;
  ctx.add(UNRESOLVED_COMPLAINT_CHECK, late, late.start);
}
