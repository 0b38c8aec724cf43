// The ticket page's time-limit table (时限) lists the limits in the order the ticket goes through them —
// 首次联系, 派单, 签收, 答复, 办结 — not in the order they were started (办结 starts with the ticket, 签收
// only at 派单, so 办结 came before 签收).
import { describe, expect, it } from 'vitest';
import { useSlaFixture } from '../../../../test/helpers/sla.js';
import { workflowTimerKinds } from '../../../shared/tickets/workflow.js';

const sla = useSlaFixture([]);
const { at, act, get } = sla;

describe('time limits on the ticket, in workflow order', () => {
  it('办结 after 签收 and 答复 although it started first; a re-started limit stays with its kind, oldest first', async () => {
    at('2025-09-30T10:00:00+08:00');
    const t = await sla.create();
    const other = await sla.server.database.db.selectFrom('departments').select('id').where('id', '!=', sla.water).executeTakeFirstOrThrow();
    at('2025-09-30T10:30:00+08:00');
    await act(t.id, 'dispatch', 'agent', { departmentId: other.id });
    at('2025-09-30T11:00:00+08:00');
    await act(t.id, 'reassign', 'agent', { departmentId: sla.water, reason: '派错单位' });
    at('2025-09-30T11:30:00+08:00');
    await act(t.id, 'sign', 'dept');
    const detail = await get(t.id);

    // the rows as stored, in the order they were started: 办结 before 签收
    const rows = await sla.server.database.db.selectFrom('ticket_timers').select(['id', 'kind']).where('ticket_id', '=', t.id).where('part_id', 'is', null).orderBy('seq').execute();
    const started = rows.map((r) => r.kind);
    expect(started.indexOf('resolution')).toBeLessThan(started.indexOf('department_sign_in'));

    // on the ticket: every row once, by stage, then by when it started
    const rank = (k: string) => (workflowTimerKinds as readonly string[]).indexOf(k);
    const expected = rows.map((r, i) => ({ ...r, i })).sort((a, b) => rank(a.kind) - rank(b.kind) || a.i - b.i);
    expect(detail.timers.map((x) => x.id)).toEqual(expected.map((r) => String(r.id)));
    expect(detail.timers.map((x) => x.kind)).toEqual(['first_contact', 'dispatch', 'department_sign_in', 'department_sign_in', 'reply', 'resolution']);
    expect(detail.timers.filter((x) => x.kind === 'department_sign_in').map((x) => x.status)).toEqual(['cancelled', 'met']);
  });
});
