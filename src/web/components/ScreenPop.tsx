import { FileAddOutlined, PhoneOutlined, ProfileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../api.js';
import type { Me } from '../auth.js';
import { mergeSegments } from '../../shared/cti/merge-segments.js';
import { satisfactionValues, workflowTimerKinds, type Satisfaction } from '../../shared/tickets/workflow.js';
import { paren } from '../i18n/compose.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useLiveEvents, useLiveResumed, type LiveMessage } from '../live.js';
import { announcedCall, clock, since, useTicker, type TranscriptSegment } from '../pages/calls/api.js';
import { useQueueName } from '../pages/calls/queues.js';
import { useActivePack } from '../pages/standards/api.js';
import { formatTime, useOrgTimeZone, useTicketLabels } from '../pages/tickets/api.js';
import { DueTag } from '../pages/tickets/Countdown.js';
import { keys } from '../queryKeys.js';

/** The ticket form's prefill link: the caller's number (unless masked) and the call to link. */
export function newTicketPath(callId: string, caller: string | null): string {
  const q = new URLSearchParams({ new: '1', callId });
  if (caller && !caller.includes('*')) q.set('callerPhone', caller);
  return `/tickets?${q.toString()}`;
}

/**
 * 来电弹屏: who is calling, their previous calls, their tickets with the next time limit counting
 * down, and how satisfied they were before. Content only, so the workbench can place it where it
 * likes; `ScreenPopHost` shows it in a drawer when a call rings at this agent.
 */
export function ScreenPop({ callId, caller, segments = [], onNavigate }: { callId: string; caller?: string | null; segments?: TranscriptSegment[]; onNavigate?: () => void }) {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const navigate = useNavigate();
  const now = useTicker(1000);
  const pack = useActivePack().data?.content;
  const labels = useTicketLabels();
  const queueName = useQueueName();
  const pop = useQuery({ queryKey: keys.calls.pop(callId), queryFn: () => api('GET /api/calls/:id/pop', { params: { id: callId } }), ...announcedCall });
  // The live message already says who is calling: show the number while the history loads.
  if (pop.isPending)
    return (
      <div data-testid="screen-pop-body">
        {caller && (
          <div style={{ marginBottom: 8 }}>
            <CallerNumber number={caller} />
          </div>
        )}
        <div>
          <Spin />
        </div>
      </div>
    );
  if (pop.isError) return <Alert type="error" showIcon title={pop.error.message} />;
  const { call, previousCalls, tickets, satisfaction } = pop.data;
  const categoryName = (id: string) => pack?.categories.find((c) => c.id === id)?.name ?? id;
  const go = (path: string) => {
    onNavigate?.();
    navigate(path);
  };
  const statusTag =
    call.status === 'ringing' ? (
      <Tag color="orange">{t('calls.status.ringing')}</Tag>
    ) : call.status === 'answered' ? (
      <Tag color="blue">{t('calls.status.answered')}</Tag>
    ) : (
      <Tag>{call.abandoned ? t('calls.outcome.abandoned') : t('calls.status.ended')}</Tag>
    );
  const running = call.status === 'answered' ? since(call.answeredAt, now, lang) : call.status === 'ringing' ? since(call.ringingAt, now, lang) : clock(call.talkMs, lang);
  const openTickets = tickets.filter((x) => x.open);
  return (
    <div data-testid="screen-pop-body">
      <Space align="baseline" wrap style={{ marginBottom: 8 }}>
        <CallerNumber number={call.from ?? t('calls.unknownNumber')} />
        {statusTag}
        {call.night && <Tag color="purple">{t('calls.night')}</Tag>}
        <span style={{ fontVariantNumeric: 'tabular-nums', color: 'rgba(0,0,0,0.55)' }}>{running}</span>
      </Space>
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('calls.queue')}>{queueName(call.queue)}</Descriptions.Item>
        <Descriptions.Item label={t('calls.to')}>{call.to ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('calls.ringingAt')} span={2}>
          {formatTime(call.ringingAt, tz, lang, true)}
        </Descriptions.Item>
        <Descriptions.Item label={t('calls.history')} span={2}>
          <span data-testid="screen-pop-counts">
            {t('calls.history.summary').replace('{calls}', String(previousCalls.length)).replace('{tickets}', String(tickets.length)).replace('{open}', String(openTickets.length))}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" icon={<FileAddOutlined />} data-testid="screen-pop-new-ticket" onClick={() => go(newTicketPath(call.id, call.from))}>
          {t('calls.pop.newTicket')}
        </Button>
        <Button icon={<ProfileOutlined />} data-testid="screen-pop-open-call" onClick={() => go(`/calls/${call.id}`)}>
          {t('calls.pop.openCall')}
        </Button>
      </Space>

      <Card size="small" title={paren(t, t('calls.pop.tickets'), tickets.length)} style={{ marginBottom: 12 }} data-testid="screen-pop-tickets">
        {tickets.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.pop.noTickets')} />
        ) : (
          tickets.map((tk) => (
            <div key={tk.id} style={{ padding: '6px 0', borderBottom: '1px solid #f5f5f5' }} data-testid="screen-pop-ticket">
              <Space size={6} wrap>
                <Link to={`/tickets/${tk.id}`} onClick={onNavigate}>
                  {tk.number}
                </Link>
                <Tag>{categoryName(tk.category)}</Tag>
                <Tag color={tk.open ? 'gold' : 'default'}>{labels.status(tk.status)}</Tag>
                {tk.open && tk.nextDue && (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {(workflowTimerKinds as readonly string[]).includes(tk.nextDue.kind) && <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginRight: 4 }}>{t(`tk.timer.${tk.nextDue.kind}` as MessageKey)}</span>}
                    <DueTag dueAt={tk.nextDue.dueAt} overdue={tk.nextDue.status === 'breached'} />
                  </span>
                )}
                {tk.satisfaction && <Tag color={tk.satisfaction === 'unsatisfied' ? 'red' : 'green'}>{t(`calls.sat.${satKey(tk.satisfaction)}`)}</Tag>}
              </Space>
              <div style={{ color: 'rgba(0,0,0,0.75)', marginTop: 2 }}>{tk.title}</div>
              <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{formatTime(tk.createdAt, tz, lang)}</div>
            </div>
          ))
        )}
      </Card>

      <Card size="small" title={paren(t, t('calls.pop.previous'), previousCalls.length)} style={{ marginBottom: 12 }} data-testid="screen-pop-history">
        {previousCalls.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.pop.firstCall')} />
        ) : (
          previousCalls.map((p) => (
            <div key={p.id} style={{ display: 'flex', gap: 8, padding: '4px 0', alignItems: 'center' }}>
              <Link to={`/calls/${p.id}`} onClick={onNavigate} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatTime(p.ringingAt, tz, lang)}
              </Link>
              <span style={{ color: 'rgba(0,0,0,0.55)' }}>{p.queue ? queueName(p.queue) : ''}</span>
              {p.agentNo && <span>{`${t('agentNo')} ${p.agentNo}`}</span>}
              <span style={{ marginLeft: 'auto' }}>
                {p.abandoned ? <Tag color="red">{t('calls.outcome.abandoned')}</Tag> : p.talkMs !== null ? <Tag>{`${t('calls.talk')} ${clock(p.talkMs, lang)}`}</Tag> : <Tag>{t(`calls.status.${statusKey(p.status)}`)}</Tag>}
              </span>
            </div>
          ))
        )}
      </Card>

      <Card size="small" title={t('calls.pop.satisfaction')} style={{ marginBottom: 12 }} data-testid="screen-pop-satisfaction">
        {satisfaction.length === 0 ? (
          <Typography.Text type="secondary">{t('calls.pop.noSatisfaction')}</Typography.Text>
        ) : (
          <Space wrap>
            {satisfaction.map((s) => (
              <Tag key={s.ticketId} color={s.satisfaction === 'unsatisfied' ? 'red' : 'green'}>
                {`${s.number} · ${t(`calls.sat.${satKey(s.satisfaction)}`)}`}
              </Tag>
            ))}
          </Space>
        )}
      </Card>

      {segments.length > 0 && (
        <Card size="small" title={t('calls.pop.liveTranscript')} data-testid="screen-pop-transcript">
          {segments.slice(-8).map((s, i) => (
            <div key={`${s.start}-${i}`} style={{ marginBottom: 4 }}>
              <Tag color={s.speaker === 'agent' ? 'blue' : 'green'}>{t(`calls.speaker.${s.speaker}`)}</Tag>
              {s.text}
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}

/** Who is calling, as the pop's heading. */
function CallerNumber({ number }: { number: string }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'baseline', gap: 8 }}>
      <PhoneOutlined style={{ fontSize: 20, color: '#c8102e' }} />
      <Typography.Title level={3} style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }} data-testid="screen-pop-number">
        {number}
      </Typography.Title>
    </span>
  );
}

const statusKey = (s: string) => (s === 'ringing' || s === 'answered' ? s : 'ended');
const satKey = (s: string) => ((satisfactionValues as readonly string[]).includes(s) ? (s as Satisfaction) : 'unknown');

interface PopState {
  callId: string;
  /** The caller's number as the live message had it (masked for roles without personal data). */
  caller: string | null;
  segments: TranscriptSegment[];
}

/**
 * Listens to the live feed and opens the screen pop in a drawer when a call rings at (or is
 * answered by) this agent. The drawer has no mask: the agent keeps working while it is open.
 * Once the agent has closed it (or left it for the ticket form or the call page), later events of
 * the same call (its answer arriving after the ring) do not push it back in front of them; a
 * transfer to this agent is a new hand-over and opens it again.
 */
export function ScreenPopHost({ me }: { me: Me }) {
  const { t } = useI18n();
  const [pop, setPop] = useState<PopState | null>(null);
  const [open, setOpen] = useState(false);
  // The call the agent closed the pop of (or left it for the ticket form). A ref, not state: the live
  // handler must see it from the moment the agent acts, not from the next render.
  const dismissed = useRef<string | null>(null);
  const close = () => {
    setOpen(false);
    dismissed.current = pop?.callId ?? null;
  };
  // The workbench shows the pop in its own column; the drawer is for every other page.
  const onWorkbench = useLocation().pathname.startsWith('/workbench');
  useLiveEvents((m: LiveMessage) => {
    const callId = typeof m.data['callId'] === 'string' ? m.data['callId'] : null;
    if (!callId) return;
    const forMe = m.data['pop'] === true;
    if ((m.type === 'call.ringing' || m.type === 'call.answered' || m.type === 'call.transferred') && forMe) {
      if (m.type !== 'call.transferred' && dismissed.current === callId) return;
      const caller = typeof m.data['from'] === 'string' ? m.data['from'] : null;
      setPop((p) => (p?.callId === callId ? { ...p, caller: p.caller ?? caller } : { callId, caller, segments: [] }));
      dismissed.current = null;
      setOpen(true);
    } else if (m.type === 'call.segment') {
      const seg = m.data['segment'] as TranscriptSegment | undefined;
      if (seg) setPop((p) => (p?.callId === callId ? { ...p, segments: mergeSegments(p.segments, [seg]) } : p));
    }
  });
  // Segments said while the feed was down are not replayed (they are not stored as events): the call's transcript has them.
  useLiveResumed(() => {
    const id = pop?.callId;
    if (!id) return;
    api('GET /api/calls/:id', { params: { id } })
      .then((c) => setPop((p) => (p?.callId === id ? { ...p, segments: mergeSegments(c.transcript, p.segments) } : p)))
      .catch(() => undefined); // the next call event refreshes it
  });
  if (!me.agentNo || !pop || onWorkbench) return null;
  return (
    <Drawer
      open={open}
      onClose={close}
      mask={false}
      size={460}
      title={t('calls.pop.title')}
      rootClassName="screen-pop"
      destroyOnHidden
    >
      <div data-testid="screen-pop">
        <ScreenPop callId={pop.callId} caller={pop.caller} segments={pop.segments} onNavigate={close} />
      </div>
    </Drawer>
  );
}
