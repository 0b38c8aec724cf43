import { describe, expect, it } from 'vitest';
import { staleKeys, type LiveMessage } from './live.js';
import { keys } from './queryKeys.js';

const msg = (type: string, data: Record<string, unknown>): LiveMessage => ({ id: '1', type, at: '2026-12-06T10:00:00Z', data });

describe('staleKeys', () => {
  it("a text's event refetches only its ticket's texts (the 短信 card); a ticket change the ticket and the lists", () => {
    for (const type of ['ticket.text_queued', 'ticket.text_sent', 'ticket.text_failed', 'ticket.text_skipped'])
      expect(staleKeys(msg(type, { ticketId: 't1', textId: '7', kind: 'acceptance', status: 'sent' }), null)).toEqual([keys.ticket.texts('t1')]);
    expect(staleKeys(msg('ticket.transitioned', { ticketId: 't1', action: 'sign', status: 'signed' }), null)).toEqual([keys.ticket.one('t1'), keys.tickets.all, keys.notifications, keys.wallboard]);
  });

  it('a ticket that left the department (改派, 收回) refetches the lists only: its page would answer 404', () => {
    expect(staleKeys(msg('ticket.left', { ticketId: 't1', action: 'reassign' }), null)).toEqual([keys.tickets.all]);
  });
});
