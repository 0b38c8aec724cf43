import { rolesSeeingPersonalData, type Role } from '../../shared/roles.js';
import { maskPhone } from '../../shared/tickets/mask.js';
import { redactNumbers } from '../http/redact.js';

/** A domain event as the hub receives it (from NOTIFY or, when resuming, from the table). */
export interface LiveEvent {
  id: string;
  org: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  at: string;
  payload: Record<string, unknown>;
}

/** Who is connected. */
export interface Viewer {
  userId: string;
  role: Role;
  agentNo: string | null;
}

/** What a browser receives: the domain event's id (to resume from), a type and the data it may see. */
export interface LiveMessage {
  id: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

const supervisors: readonly Role[] = ['admin', 'manager', 'lead'];
const hotline: readonly Role[] = ['admin', 'manager', 'lead', 'agent'];
const callTypes = new Set(['call.ringing', 'call.answered', 'call.transferred', 'call.updated', 'call.ended']);

/**
 * Changes of a ticket (taken, edited, a workflow action of the hotline or a department — 派单, 签收, 答复, 协办 parts
 * —, a contact or an arrival logged), announced so that open ticket pages and lists refetch (src/web/live.tsx). Only
 * to whoever may see the ticket (the hub asks tickets.service canSee), and only the ticket's id and what changed.
 */
export const ticketChangeTypes = new Set(['ticket.created', 'ticket.updated', 'ticket.transitioned', 'ticket.contacted', 'ticket.arrived']);

/**
 * What became of a text to the caller (给来电人的短信: queued, sent, failed, skipped; tickets/texts.service.ts), announced
 * so that an open ticket page's 短信 card refetches. Same rule as the ticket changes (whoever may see the ticket), and
 * only the ticket's id, the text's id, its kind and its status: never the number, the text or the gateway's error.
 */
export const textTypes = new Set(['ticket.text_queued', 'ticket.text_sent', 'ticket.text_failed', 'ticket.text_skipped']);

/** Every message about one ticket: the hub decides who gets it by the tickets' own rule. */
export const ticketTypes = new Set([...ticketChangeTypes, ...textTypes]);

/** Event types pushed live; anything else stays in the log only. Resuming replays only these. */
export const liveTypes = [...callTypes, 'call.segment', 'agent.state', 'callback.opened', 'callback.updated', 'callback.closed', 'ticket.sla_warning', 'ticket.sla_breached', 'call.reported', ...ticketTypes] as const;

/** Fields that hold a phone number: the caller's, or the one an agent calls back (`to` of an outbound call). */
const phoneKeys = new Set(['from', 'to', 'caller', 'callerPhone', 'phone']);
/** A string that is a phone number whatever its field is called. */
const looksLikePhone = /^\+?\d[\d -]{6,}\d$/;

/**
 * The payload as a role that may not see personal data gets it, at any depth: phone fields masked as on the HTTP
 * pages (138****5678), any other value that is a phone number too, and numbers spoken in text (a segment, a note)
 * masked in place as on QA scorecards. Ids are left alone, so the browser can still find the call.
 */
function maskDeep(value: unknown, key: string | null): unknown {
  if (typeof value === 'string') {
    if (key !== null && phoneKeys.has(key)) return maskPhone(value);
    if (looksLikePhone.test(value)) return maskPhone(value);
    return key === 'text' || key === 'note' || key === 'reason' || key === 'summary' ? redactNumbers(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, k)]));
  return value;
}

function masked(data: Record<string, unknown>, role: Role): Record<string, unknown> {
  if (rolesSeeingPersonalData.includes(role)) return { ...data };
  return maskDeep(data, null) as Record<string, unknown>;
}

/**
 * What a ticket change carries: the ticket's id, and the workflow action with the state it led to, or the names of
 * the fields edited. Nothing else of the payload (the reason typed, the number, the caller) goes out.
 */
function ticketChange(e: LiveEvent): Record<string, unknown> {
  const p = e.payload;
  // names only (an action, a state, a field: `co_sign`, `dispatched`, `title`), whatever else a payload might hold
  const name = (x: unknown): x is string => typeof x === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(x);
  return {
    ticketId: e.aggregateId,
    ...(name(p['action']) && { action: p['action'] }),
    ...(name(p['to']) && { status: p['to'] }),
    ...(Array.isArray(p['fields']) && { fields: p['fields'].filter(name) }),
  };
}

/**
 * 改派, 收回, 退单 …: the departments a workflow step took the ticket from (tickets.workflow.service records them as
 * `leftDepartmentIds`). They may no longer see the ticket when the change is sent, so instead of the change their staff
 * get `ticket.left`: the ticket's id and the action's name, nothing of the ticket (not the reason, not the department
 * it went to), so that their lists refetch and an open ticket page says it is no longer theirs.
 */
export const TICKET_LEFT = 'ticket.left';

function leftDepartments(e: LiveEvent): string[] {
  const ids = e.type === 'ticket.transitioned' ? e.payload['leftDepartmentIds'] : undefined;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

function ticketLeft(e: LiveEvent): LiveMessage {
  const action = e.payload['action'];
  return { id: e.id, type: TICKET_LEFT, at: e.at, data: { ticketId: e.aggregateId, ...(typeof action === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(action) && { action }) } };
}

/** What a text's event carries: its ticket, its id, its kind and its status (the queued event says which: queued or skipped). */
function textChange(e: LiveEvent): Record<string, unknown> {
  const p = e.payload;
  const name = (x: unknown): x is string => typeof x === 'string' && /^[a-z][a-z_]{0,31}$/.test(x);
  const status = e.type === 'ticket.text_queued' ? p['status'] : e.type.slice('ticket.text_'.length);
  return {
    ticketId: e.aggregateId,
    ...(typeof p['textId'] === 'string' && /^\d{1,20}$/.test(p['textId']) && { textId: p['textId'] }),
    ...(name(p['kind']) && { kind: p['kind'] }),
    ...(name(status) && { status }),
  };
}

/**
 * Decides who sees an event and what of it. The agent a call rings at gets the screen pop;
 * team leads and managers see every call and agent state (their board); everyone in the hotline
 * sees callback tasks; SLA warnings and breaches reach the supervisors. Numbers are masked for
 * roles that do not see personal data. A ticket change goes to whoever may see the ticket: `seesTicket`, which the
 * hub decides by the tickets' own rule (it needs the database); staff of a department the change took the ticket from
 * (`department`, the viewer's at sending time) who no longer see it get `ticket.left` instead.
 */
export function messageFor(e: LiveEvent, v: Viewer, seesTicket = false, department: string | null = null): LiveMessage | null {
  if (ticketTypes.has(e.type)) {
    if (seesTicket) return { id: e.id, type: e.type, at: e.at, data: textTypes.has(e.type) ? textChange(e) : ticketChange(e) };
    return department !== null && leftDepartments(e).includes(department) ? ticketLeft(e) : null;
  }
  const p = e.payload;
  const mine = v.agentNo !== null && (p['agentNo'] === v.agentNo || p['transferAgentNo'] === v.agentNo);
  let visible = false;
  if (callTypes.has(e.type)) visible = mine || supervisors.includes(v.role);
  else if (e.type === 'call.segment') visible = mine;
  else if (e.type === 'agent.state') visible = supervisors.includes(v.role) || p['agentNo'] === v.agentNo;
  else if (e.type.startsWith('callback.')) visible = hotline.includes(v.role);
  else if (e.type === 'ticket.sla_warning' || e.type === 'ticket.sla_breached' || e.type === 'call.reported') visible = supervisors.includes(v.role);
  if (!visible) return null;
  const data = masked(p, v.role);
  if ((e.type === 'call.ringing' || e.type === 'call.answered') && mine) data['pop'] = true;
  if (e.type === 'call.transferred' && v.agentNo !== null && p['transferAgentNo'] === v.agentNo) data['pop'] = true;
  return { id: e.id, type: e.type, at: e.at, data };
}
