/**
 * Business hours with several windows a day, through the API: PUT /api/sla/calendar takes a list of windows (or the
 * single { start, end }), refuses overlapping or unordered ones with 422 CALENDAR_INVALID, and ticket time limits
 * count bh only inside the windows and end wd at the last window's close. The expected instants are worked out by
 * hand in the comments (08:30–12:00 and 13:30–17:00, 7 business hours a day; National Day 2025 is 1–8 October,
 * Saturday 11 October is a make-up working day).
 */
import { describe, expect, it } from 'vitest';
import { timer, useSlaFixture } from '../../../../test/helpers/sla.js';
import { slaBreachJob, slaWarnJob } from './sla.service.js';

const sla = useSlaFixture([slaWarnJob, slaBreachJob]);
const { at, as, create } = sla;
const lunch = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:00' },
];

const put = async (json: Record<string, unknown>) => sla.server.request('/api/sla/calendar', { method: 'PUT', cookie: await as('manager'), json });
const problem = (body: unknown): string => (body as { error: { message: string } }).error.message;

describe('business hours with several windows a day (API)', () => {
  it('refuses overlapping or unordered windows and start ≥ end with 422 CALENDAR_INVALID, a path and a reason', async () => {
    at('2025-09-30T09:00:00+08:00');
    const overlap = await put({ businessHours: [{ start: '08:30', end: '12:00' }, { start: '11:30', end: '17:00' }] });
    expect(overlap.status).toBe(422);
    expect(overlap.body).toMatchObject({ error: { code: 'CALENDAR_INVALID' } });
    expect(problem(overlap.body)).toContain('businessHours[1]: the window 11:30–17:00 overlaps the window 08:30–12:00: start it at 12:00 or later');
    const unordered = await put({ businessHours: [...lunch].reverse() });
    expect(unordered.status).toBe(422);
    expect(problem(unordered.body)).toContain('businessHours[1]: the window 08:30–12:00 comes before the window 13:30–17:00 listed above it');
    const backwards = await put({ businessHours: [{ start: '08:30', end: '12:00' }, { start: '17:00', end: '13:30' }] });
    expect(backwards.status).toBe(422);
    expect(problem(backwards.body)).toContain('businessHours[1]: the window 17:00–13:30 must end after it starts');
    const empty = await put({ businessHours: [] });
    expect(empty.status).toBe(422);
    expect(problem(empty.body)).toContain('businessHours: give at least one window');
    // nothing was saved
    const r = await sla.server.request('/api/sla/calendar', { cookie: await as('admin') });
    expect(r.body).toMatchObject({ businessHours: [{ start: '09:00', end: '18:00' }] });
    expect(await sla.server.database.db.selectFrom('audit_log').select('id').where('action', '=', 'sla.calendar.update').execute()).toHaveLength(0);
  });

  it('a running bh limit is re-planned over the lunch break; new limits skip it; wd ends at 17:00', async () => {
    at('2025-09-30T11:00:00+08:00');
    const before = await create();
    // default 09:00–18:00: 2bh from 11:00 is 13:00
    expect(timer(before, 'dispatch')).toMatchObject({ duration: '2bh', dueAt: '2025-09-30T05:00:00.000Z' });

    const r = await put({ businessHours: lunch });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ businessHours: lunch });
    expect((r.body as { replanned: number }).replanned).toBeGreaterThan(0);

    const replanned = await sla.get(before.id);
    // 11:00–12:00 and 13:30–14:30
    expect(timer(replanned, 'dispatch')).toMatchObject({ status: 'running', dueAt: '2025-09-30T06:30:00.000Z' });
    // 80 % of 120 business minutes = 96: 60 before lunch, 36 after 13:30 → 14:06
    expect(timer(replanned, 'dispatch')?.warnAt).toBe('2025-09-30T06:06:00.000Z');
    // 5wd from 30 September: 9, 10, 11 (make-up Saturday), 13, 14 October, at the close of the afternoon window
    expect(timer(replanned, 'resolution')).toMatchObject({ duration: '5wd', dueAt: '2025-10-14T09:00:00.000Z' });

    at('2025-09-30T12:30:00+08:00'); // during lunch: the clock starts at 13:30
    const lunchTicket = await create();
    expect(timer(lunchTicket, 'dispatch')?.dueAt).toBe('2025-09-30T07:30:00.000Z'); // 15:30
    at('2025-09-30T16:30:00+08:00'); // 30 min today, 1–8 October off, then 90 min from 08:30 on the 9th → 10:00
    expect(timer(await create(), 'dispatch')?.dueAt).toBe('2025-10-09T02:00:00.000Z');

    const cov = await sla.server.request('/api/sla/coverage', { cookie: await as('agent') });
    expect(cov.body).toMatchObject({ businessHours: lunch });
  });

  it('the single { start, end } form still works on PUT and in stored rows, and reads as a one-window list', async () => {
    at('2025-10-09T09:00:00+08:00');
    const single = await put({ businessHours: { start: '8:00', end: '17:30' } });
    expect(single.status, JSON.stringify(single.body)).toBe(200);
    expect(single.body).toMatchObject({ businessHours: [{ start: '08:00', end: '17:30' }] });

    // a row written before several windows existed holds one object
    await sla.server.database.db.updateTable('sla_calendars').set({ business_hours: JSON.stringify({ start: '09:00', end: '12:00' }) }).execute();
    const read = await sla.server.request('/api/sla/calendar', { cookie: await as('admin') });
    expect(read.body).toMatchObject({ businessHours: [{ start: '09:00', end: '12:00' }] });
    at('2025-10-09T11:00:00+08:00');
    // 2bh from 11:00 with 09:00–12:00: one hour today, one tomorrow from 09:00
    expect(timer(await create(), 'dispatch')?.dueAt).toBe('2025-10-10T02:00:00.000Z');
  });
});
