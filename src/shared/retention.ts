/**
 * How long an organisation keeps the rows that grow with traffic, in days. The housekeeping job deletes
 * older ones every hour, in small batches (src/server/modules/retention). Everything a report, a
 * rollup or a re-derivation reads (calls, agent state log, tickets, QA results) is kept; these are
 * the logs behind them.
 */
export interface RetentionPolicy {
  /** Finished jobs (done or failed). */
  jobsDays: number;
  /** The switches' raw CTI events, once their call ended this long ago (a call is refolded from them while it can still change). */
  ctiEventsDays: number;
  /** Domain events (the live feed a reconnecting browser resumes from). */
  domainEventsDays: number;
  /** Agent state facts older than this (the agent state log derived from them is kept). */
  agentFactsDays: number;
  /** Texts to callers (the number and the text as sent), counted from when they were written; a text still queued is kept. */
  callerTextsDays: number;
  /** Sign-in records: failed and successful attempts, and the audit rows of sign-ins and sign-outs. */
  loginDays: number;
  /** The rest of the audit log; null keeps it for ever. */
  auditDays: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  jobsDays: 14,
  ctiEventsDays: 90,
  domainEventsDays: 30,
  agentFactsDays: 90,
  callerTextsDays: 180,
  loginDays: 180,
  auditDays: null,
};

/** The smallest and largest value of each setting (the database checks the same bounds). */
export const RETENTION_LIMITS: Record<keyof RetentionPolicy, { min: number; max: number }> = {
  jobsDays: { min: 1, max: 3650 },
  // late events of a call are refolded with the call's earlier ones: they must still be there
  ctiEventsDays: { min: 7, max: 3650 },
  // a browser that reconnects resumes from the events it missed
  domainEventsDays: { min: 2, max: 3650 },
  // a late CTI event re-derives its agent's states from the facts at and after it
  agentFactsDays: { min: 7, max: 3650 },
  // what was texted stays readable on the ticket for at least a week (a caller asking about a text they got)
  callerTextsDays: { min: 7, max: 3650 },
  loginDays: { min: 1, max: 3650 },
  // 《网络安全法》 asks for network logs to be kept at least six months; a year is the floor here
  auditDays: { min: 365, max: 36500 },
};

export const retentionKeys = Object.keys(DEFAULT_RETENTION) as Array<keyof RetentionPolicy>;
