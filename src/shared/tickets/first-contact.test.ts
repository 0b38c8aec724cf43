import { describe, expect, it } from 'vitest';
import { firstContactState } from './first-contact.js';

const due = '2025-09-30T04:00:00.000Z';
const at = (hhmm: string) => `2025-09-30T${hhmm}:00.000Z`;

describe('firstContactState: how the 联系记录 card reads the first-contact limit', () => {
  it('a limit met with no contact logged was met by the call (phone), at the counter (visit) or in the handling (web)', () => {
    const met = { status: 'met', dueAt: at('02:00'), metAt: at('02:00') };
    expect(firstContactState(met, 'phone', [])).toEqual({ onTime: true, metBy: 'call', verdict: 'onCall' });
    expect(firstContactState(met, 'visit', [])).toEqual({ onTime: true, metBy: 'counter', verdict: 'atCounter' });
    expect(firstContactState(met, 'web', [])).toEqual({ onTime: true, metBy: 'action', verdict: 'met' });
    // a contact logged after the call does not change how it was met
    expect(firstContactState(met, 'phone', [{ reached: true, at: at('07:00') }]).metBy).toBe('call');
  });

  it('met by the contact that reached the caller, in time or late; an unanswered one meets nothing', () => {
    const contacts = [
      { reached: false, at: at('03:30') },
      { reached: true, at: at('03:45') },
    ];
    expect(firstContactState({ status: 'met', dueAt: due, metAt: at('03:45') }, 'phone', contacts)).toEqual({ onTime: true, metBy: 'contact', verdict: 'met' });
    expect(firstContactState({ status: 'breached', dueAt: due, metAt: at('05:00') }, 'phone', [{ reached: true, at: at('05:00') }])).toEqual({ onTime: false, metBy: 'contact', verdict: 'late' });
    expect(firstContactState({ status: 'breached', dueAt: due, metAt: null }, 'phone', [{ reached: false, at: at('03:30') }])).toEqual({ onTime: false, metBy: null, verdict: 'missed' });
    expect(firstContactState({ status: 'running', dueAt: due, metAt: null }, 'phone', [])).toEqual({ onTime: null, metBy: null, verdict: 'open' });
  });

  it('resolved on the call after the limit: late, not 来电时已联系', () => {
    expect(firstContactState({ status: 'breached', dueAt: due, metAt: at('06:00') }, 'phone', [])).toEqual({ onTime: false, metBy: 'call', verdict: 'late' });
  });
});
