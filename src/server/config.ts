import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting comes from the environment, is validated once at start,
 * and a bad value stops the process with one line per problem.
 * Keep this table in step with the README.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'expected a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `expected a number from ${min} to ${max}` });

/** scheme://host[:port] and nothing else: a DNS name (ASCII, punycode for others), an IPv4 or a bracketed IPv6 address. */
export function isHttpOrigin(value: string): boolean {
  const m = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i.exec(value);
  if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z.object({
  PORT: intIn(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'expected a postgres:// or postgresql:// URL' })
    .optional(),
  // A read replica of DATABASE_URL's server: report and export queries go there (docs/deploy.md).
  REXIAN_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'expected a postgres:// or postgresql:// URL' })
    .optional(),
  REXIAN_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REXIAN_SESSION_HOURS: intIn(1, 24 * 30).default(12),
  REXIAN_COOKIE_SECURE: boolish.default(false),
  REXIAN_LOGIN_MAX_FAILURES: intIn(1, 100).default(5),
  REXIAN_LOGIN_LOCK_MINUTES: intIn(1, 24 * 60).default(15),
  REXIAN_TRUST_PROXY: boolish.default(false),
  // Origins besides the app's own (from Host) whose pages may send state-changing requests, e.g. a proxy's public address.
  REXIAN_ALLOWED_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/?#\s]+$/.test(o)), { message: 'expected origins like https://hotline.example.cn, separated by commas (no path)' })
    .optional(),
  // Where the switch keeps its call recordings: added to the Content-Security-Policy's media-src so the call page can play them.
  // Strict on purpose: each value goes into a response header, so only scheme://host[:port] (no quote, semicolon, path or wildcard).
  REXIAN_RECORDING_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every(isHttpOrigin), { message: 'expected http(s) origins like https://pbx.example.cn or http://10.0.0.5:8080, separated by commas (no path, no wildcard)' })
    .optional(),
  REXIAN_METRICS_TOKEN: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
  REXIAN_LOGIN_MAX_FAILURES_PER_ADDRESS: intIn(1, 100_000).default(100),
  // Checked here so that a bad value stops the process at start; read by modules/exports (exportRowLimit), which owns the default.
  REXIAN_EXPORT_MAX_ROWS: intIn(1, 10_000_000).optional(),
  REXIAN_WORKER_POLL_MS: intIn(50, 60_000).default(1000),
  // On SIGTERM: how long requests in flight and a running job get to finish before the process ends anyway.
  REXIAN_SHUTDOWN_GRACE_MS: intIn(0, 600_000).default(20_000),
  REXIAN_DEMO_CALLS: boolish.default(true),
  // Outbound notifications of SLA warnings and breaches (src/server/modules/notify).
  REXIAN_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  REXIAN_WEBHOOK_SECRET: z.string().min(16, { message: 'expected at least 16 characters (the HMAC key receivers check signatures with)' }).optional(),
  REXIAN_SMS_GATEWAY: z.enum(['off', 'log', 'http'], { message: 'expected off, log or http' }).default('log'),
  REXIAN_SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  REXIAN_SMS_GATEWAY_TOKEN: z.string().optional(),
  REXIAN_SMS_TO: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((n) => /^\+?[0-9][0-9 -]{2,30}$/.test(n)), { message: 'expected phone numbers separated by commas' })
    .optional(),
  // Texts the callers send back (退订 TD), posted by the SMS gateway to /api/sms/inbound/<org> with this bearer token.
  REXIAN_SMS_INBOUND_TOKEN: z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
}).superRefine((e, ctx) => {
  if (e.REXIAN_REPLICA_URL && !e.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['REXIAN_REPLICA_URL'], message: 'needs DATABASE_URL: a replica is of a PostgreSQL server, not of the embedded database' });
  if (e.REXIAN_WEBHOOK_URL && !e.REXIAN_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['REXIAN_WEBHOOK_SECRET'], message: 'required when REXIAN_WEBHOOK_URL is set: the key of the signature header' });
  if (e.REXIAN_SMS_GATEWAY === 'http' && !e.REXIAN_SMS_GATEWAY_URL) ctx.addIssue({ code: 'custom', path: ['REXIAN_SMS_GATEWAY_URL'], message: 'required when REXIAN_SMS_GATEWAY=http' });
});

/** Where outbound notifications go: a webhook, an SMS gateway (or its log sink in development). */
export interface NotifyConfig {
  webhook: { url: string; secret: string } | null;
  /** `to`: staff numbers for SLA notices (none: texts go to callers only); `inboundToken`: what the gateway's replies carry. */
  sms: { gateway: 'off' | 'log' | 'http'; url: string | null; token: string | null; to: string[]; inboundToken: string | null };
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Reports and exports read here when set. */
  replicaUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionHours: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  trustProxy: boolean;
  /** Origins (scheme://host[:port], lower case) allowed besides the app's own. */
  allowedOrigins: string[];
  /** Origins (scheme://host[:port], lower case) the call page may play recordings from: the CSP's media-src besides 'self'. */
  recordingOrigins: string[];
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** Failed sign-ins from one address (any usernames) before it is slowed down. */
  loginMaxFailuresPerAddress: number;
  workerPollMs: number;
  /** On SIGTERM, how long requests in flight and a running job get before the process ends anyway (a job not done by then is released). */
  shutdownGraceMs: number;
  /** With --demo: also generate yesterday morning's calls with the simulator (and the demo tickets). */
  demoCalls: boolean;
  notify: NotifyConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        return `${key}=${JSON.stringify(env[key] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.REXIAN_REPLICA_URL,
    dataDir: path.resolve(e.REXIAN_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    sessionHours: e.REXIAN_SESSION_HOURS,
    cookieSecure: e.REXIAN_COOKIE_SECURE,
    loginMaxFailures: e.REXIAN_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.REXIAN_LOGIN_LOCK_MINUTES,
    trustProxy: e.REXIAN_TRUST_PROXY,
    allowedOrigins: (e.REXIAN_ALLOWED_ORIGINS ?? []).map((o) => new URL(o).origin),
    recordingOrigins: [...new Set((e.REXIAN_RECORDING_ORIGINS ?? []).map((o) => new URL(o).origin))],
    metricsToken: e.REXIAN_METRICS_TOKEN ?? null,
    loginMaxFailuresPerAddress: e.REXIAN_LOGIN_MAX_FAILURES_PER_ADDRESS,
    workerPollMs: e.REXIAN_WORKER_POLL_MS,
    shutdownGraceMs: e.REXIAN_SHUTDOWN_GRACE_MS,
    demoCalls: e.REXIAN_DEMO_CALLS,
    notify: {
      webhook: e.REXIAN_WEBHOOK_URL && e.REXIAN_WEBHOOK_SECRET ? { url: e.REXIAN_WEBHOOK_URL, secret: e.REXIAN_WEBHOOK_SECRET } : null,
      sms: { gateway: e.REXIAN_SMS_GATEWAY, url: e.REXIAN_SMS_GATEWAY_URL ?? null, token: e.REXIAN_SMS_GATEWAY_TOKEN ?? null, to: e.REXIAN_SMS_TO ?? [], inboundToken: e.REXIAN_SMS_INBOUND_TOKEN ?? null },
    },
  };
}
