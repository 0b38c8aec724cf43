import { randomBytes } from 'node:crypto';
import { simulateDemoDay, type SimAgent } from '../shared/cti/simulate.js';
import type { CtiEvent } from '../shared/cti/events.js';
import { packIdentity } from '../shared/standards/identity.js';
import type { Pack } from '../shared/standards/schema.js';
import { localParts } from '../shared/calendar/zone.js';
import type { Ctx } from './context.js';
import * as ctiRepo from './modules/cti/cti.repo.js';
import { hashToken, ingest } from './modules/cti/cti.service.js';
import { orgProfileOf } from './modules/orgs/orgs.service.js';

/** The demo hotline's agents on the phones: the demo logins with a 工号 and two colleagues. */
export const demoAgents: SimAgent[] = [
  { agentNo: '1024', name: '李娜' },
  { agentNo: '2001', name: '陈刚' },
  { agentNo: '1031', name: '孙悦' },
  { agentNo: '1047', name: '周航' },
];

const DAY = 86_400_000;

/**
 * Fills the demo with calls the way a switch would: the CTI simulator generates a believable
 * morning of traffic for each of the last `days` days (arrivals, queues, abandons, holds,
 * transfers, silent calls, transcripts with the usual share of mistakes) and the events go
 * through the same intake as a real PBX's, so calls, agent states, callback tasks and QA results
 * are all real. Deterministic: the same day gives the same calls.
 */
export async function seedDemoTraffic(ctx: Ctx, pack: Pack, opts: { days?: number } = {}): Promise<{ calls: number; events: number }> {
  const token = `rxc_${randomBytes(24).toString('base64url')}`;
  const conn = await ctiRepo.insertConnection(ctx.db, {
    orgId: ctx.orgId,
    name: 'demo-simulator',
    kind: 'events',
    tokenHash: hashToken(token),
    tokenHint: token.slice(-4),
    settings: {},
    createdBy: null,
    now: ctx.now(),
  });
  if (!conn) return { calls: 0, events: 0 };
  // agents announce the hotline as its profile names it (the pack's {city} filled with the demo's)
  const profile = await orgProfileOf(ctx.db, ctx.orgId);
  const now = ctx.now().getTime();
  let calls = 0;
  let events = 0;
  for (let d = opts.days ?? 1; d >= 1; d--) {
    // 08:30 in Shanghai, d days ago.
    const day = now - d * DAY;
    const p = localParts(day, 'Asia/Shanghai');
    const start = new Date(Date.UTC(p.year, p.month - 1, p.day, 0, 30));
    const traffic = simulateDemoDay(pack, { start, agents: demoAgents, seed: 20_000 + p.day, org: packIdentity(pack, profile).org });
    // the shift ends: each agent signs off an hour after the last call of the morning ended
    const last = Math.max(...traffic.events.map((e) => Date.parse(e.at)));
    const signOff = demoAgents.map(
      (a, i): CtiEvent => ({ type: 'agent.state', eventId: `demo-signoff-${p.year}${p.month}${p.day}-${a.agentNo}`, at: new Date(last + 3_600_000 + i * 60_000).toISOString(), agentId: a.agentNo, state: 'offline' }),
    );
    const all = [...traffic.events, ...signOff];
    for (let i = 0; i < all.length; i += 500) await ingest(ctx.db, conn, all.slice(i, i + 500), ctx.now);
    calls += traffic.calls.length;
    events += traffic.events.length;
  }
  return { calls, events };
}
