import { timeZoneLabel } from '../../../shared/labels/time-zone.js';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink } from '../../components/BackLink.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { durationLabel } from '../../../shared/tickets/duration-label.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { isTerminal } from '../../../shared/tickets/workflow.js';
import { useI18n } from '../../i18n/index.js';
import { useLiveEvents } from '../../live.js';
import { Time } from '../../components/Time.js';
import { useActivePack } from '../standards/api.js';
import { ActionModal } from './ActionModal.js';
import { formatTime, useOrgTimeZone, useTicketLabels, type Timer, type TicketDetail } from './api.js';
import { ArrivalCard } from './ArrivalCard.js';
import { ContactLog } from './ContactLog.js';
import { TextsCard } from './TextsCard.js';
import { CoverageBanner, DueTag } from './Countdown.js';
import { EditTicketModal } from './EditTicketModal.js';
import { PartsCard } from './PartsCard.js';
import { keys } from '../../queryKeys.js';

type Action = TicketDetail['actions'][number];
const timerColor = { running: 'blue', paused: 'default', met: 'green', breached: 'red', cancelled: 'default' } as const;

export function TicketDetailPage({ me }: { me: Me }) {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const pack = useActivePack().data?.content;
  const labels = useTicketLabels();
  const reasonText = useReasonText();
  // 改派, 收回 …: the live feed says the ticket left this user's department (ticket.left); its page stops asking for it
  // (the answer would be 404) and says so, rather than offering actions on what it last showed
  const [leftState, setLeftState] = useState<{ id: string; action: string | null } | null>(null);
  useLiveEvents((m) => {
    if (!id || m.data['ticketId'] !== id) return;
    if (m.type === 'ticket.left') setLeftState({ id, action: typeof m.data['action'] === 'string' ? m.data['action'] : null });
    // a later change of it reaches this user only if the department has it again
    else if (m.type.startsWith('ticket.') && !m.type.startsWith('ticket.text_')) setLeftState(null);
  });
  const left = leftState !== null && leftState.id === id ? leftState : null;
  const ticket = useQuery({ queryKey: keys.ticket.one(id ?? ''), queryFn: () => api('GET /api/tickets/:id', { params: { id: id ?? '' } }), refetchInterval: 30_000, enabled: left === null });
  const [acting, setActing] = useState<Action | null>(null);
  const [editing, setEditing] = useState(false);
  if (left)
    return (
      <div data-testid="page-ticket">
        <BackLink to="/tickets">{t('tk.back')}</BackLink>
        {ticket.data && (
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {ticket.data.number}
          </Typography.Title>
        )}
        <Alert
          type="warning"
          showIcon
          data-testid="ticket-left"
          title={t(left.action === 'reassign' ? 'tk.left.reassign' : left.action === 'recall' ? 'tk.left.recall' : 'tk.left.other')}
          description={t('tk.left.hint')}
        />
      </div>
    );
  if (ticket.isPending) return <Spin />;
  if (ticket.isError) return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const tk = ticket.data;
  const categoryName = pack?.categories.find((c) => c.id === tk.category)?.name ?? tk.category;
  const priorityName = pack?.priorities.find((p) => p.id === tk.priority)?.name ?? tk.priority;

  return (
    <div data-testid="page-ticket">
      <BackLink to="/tickets">{t('tk.back')}</BackLink>
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {tk.number} · {tk.title}
        </Typography.Title>
        <Tag color="geekblue" data-testid="ticket-status">
          {labels.status(tk.status)}
        </Tag>
        {tk.supervised && <Tag color="red">{t('tk.supervised')}</Tag>}
        <DueTag dueAt={tk.nextDueAt} overdue={tk.overdue} overdueSince={tk.overdueSince} />
      </Space>
      <CoverageBanner me={me} />
      {tk.returnedBy && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="ticket-returned-by"
          title={t('tk.returnedBy').replace('{department}', tk.returnedBy.departmentName ?? '—').replace('{reason}', tk.returnedBy.reason ?? '—')}
        />
      )}
      <Card
        size="small"
        title={t('tk.actions')}
        style={{ marginBottom: 16 }}
        extra={
          pack &&
          ['admin', 'manager', 'lead', 'agent'].includes(me.role) &&
          !isTerminal(ticketWorkflow(pack), tk.status) && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="ticket-edit">
              {t('tk.edit.title')}
            </Button>
          )
        }
      >
        {tk.actions.length === 0 ? (
          <Typography.Text type="secondary">{t('tk.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {tk.actions.map((a) => (
              <Button key={a.action} data-testid={`action-${a.action}`} onClick={() => setActing(a)}>
                {a.labels[lang] ?? labels.action(a.action)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('tk.category')}>{categoryName}</Descriptions.Item>
              <Descriptions.Item label={t('tk.priority')}>{priorityName}</Descriptions.Item>
              <Descriptions.Item label={t('tk.callerName')}>{tk.callerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('tk.callerPhone')}>{tk.callerPhone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('tk.department')}>{tk.departmentName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('tk.address')}>{tk.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('tk.createdAt')}>
                <Time value={tk.createdAt} />
              </Descriptions.Item>
              {tk.satisfaction && <Descriptions.Item label={t('tk.satisfaction')}>{t(`tk.sat.${tk.satisfaction}` as 'tk.sat.satisfied')}</Descriptions.Item>}
              {tk.updateEvery && (
                <Descriptions.Item label={t('tk.updateEvery')}>
                  <span data-testid="ticket-update-every">
                    {durationLabel(tk.updateEvery, lang)} · {t('tk.nextUpdate')} {formatTime(tk.nextUpdateAt, tz, lang)}
                  </span>
                </Descriptions.Item>
              )}
              {tk.tags.length > 0 && (
                <Descriptions.Item label={t('tk.tags')}>
                  {tk.tags.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Descriptions.Item>
              )}
              {tk.callIds.length > 0 && (
                <Descriptions.Item label={t('tk.callIds')}>
                  <Space size={12} wrap data-testid="ticket-call-ids">
                    {tk.callIds.map((callId, i) => {
                      const call = tk.linkedCalls.find((c) => c.id === callId);
                      return call ? (
                        <Link key={callId} to={`/calls/${call.id}`} data-testid="ticket-call-link">
                          {call.ringingAt ? formatTime(call.ringingAt, tz, lang, true) : `${t('tk.callIds')} ${i + 1}`}
                        </Link>
                      ) : (
                        <span key={callId}>{callId}</span>
                      );
                    })}
                  </Space>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('tk.description')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{tk.description}</div>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {tk.parts.length > 0 && <PartsCard ticket={tk} tz={tz} />}
          <Card size="small" title={t('tk.timers')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${t('tk.timeZone')} ${timeZoneLabel(tz, lang)}`}</Typography.Text>}>
            <Table<Timer>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={tk.timers}
              data-testid="ticket-timers"
              columns={[
                { title: '', dataIndex: 'kind', render: (k: string) => t(`tk.timer.${k}` as 'tk.timer.reply') },
                { title: '', dataIndex: 'duration', render: (v: string) => <Tag>{durationLabel(v, lang)}</Tag> },
                { title: t('tk.due'), dataIndex: 'dueAt', render: (v: string) => formatTime(v, tz, lang) },
                { title: t('tk.status'), dataIndex: 'status', render: (s: Timer['status']) => <Tag color={timerColor[s]}>{t(`tk.tstatus.${s}`)}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <ArrivalCard ticketId={tk.id} me={me} tz={tz} />
          <ContactLog ticketId={tk.id} me={me} tz={tz} />
          <TextsCard ticketId={tk.id} me={me} tz={tz} open={!isTerminal(ticketWorkflow(pack), tk.status)} phone={tk.callerPhone} />
          <Card size="small" title={t('tk.history')} style={{ marginTop: 12 }}>
            <Timeline
              data-testid="ticket-history"
              items={[
                {
                  children: (
                    <div>
                      <Typography.Text strong>{t('tk.history.created')}</Typography.Text> <Typography.Text type="secondary">
                        {tk.created.actorName ?? t('tk.actor.system')} · {formatTime(tk.created.at, tz, lang)}
                      </Typography.Text>
                      <div style={{ fontSize: 12 }}>{labels.status(tk.created.state)}</div>
                    </div>
                  ),
                },
                ...tk.transitions.map((tr) => ({
                children: (
                  <div>
                    <Typography.Text strong>{labels.action(tr.action)}</Typography.Text> <Typography.Text type="secondary">
                      {tr.actorName ?? t('tk.actor.system')} · {formatTime(tr.at, tz, lang)}
                    </Typography.Text>
                    <div style={{ fontSize: 12 }}>
                      {labels.status(tr.from)} → {labels.status(tr.to)}
                      {departmentOf(tr) && <span data-testid="history-department"> · {departmentOf(tr)}</span>}
                    </div>
                    {tr.reason && <div style={{ fontSize: 12, color: '#595959' }}>{reasonText(tr)}</div>}
                  </div>
                ),
              })),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {acting && <ActionModal ticket={tk} action={acting} onClose={() => setActing(null)} />}
      {editing && pack && <EditTicketModal ticket={tk} pack={pack} onClose={() => setEditing(false)} />}
    </div>
  );
}

/**
 * The reason as people read it: the SLA worker's 督办 (stored as `time limit <kind> (<duration>) passed`, with the
 * kind and duration in its details since issue 17) in the UI language; people's own words as they wrote them.
 */
function useReasonText() {
  const { t, lang } = useI18n();
  return (tr: TicketDetail['transitions'][number]): string => {
    if (tr.actorName !== null || tr.action !== 'supervise' || !tr.reason) return tr.reason ?? '';
    const d = (tr.details ?? {}) as { kind?: string; duration?: string };
    const m = /^time limit (\w+) \((\w+)\) passed$/.exec(tr.reason);
    const kind = d.kind ?? m?.[1];
    const duration = d.duration ?? m?.[2];
    if (!kind || !duration) return tr.reason;
    return t('tk.autoSupervised')
      .replace('{limit}', t(`tk.timer.${kind}` as 'tk.timer.reply'))
      .replace('{duration}', durationLabel(duration, lang));
  };
}

/** The department a step was about (派单 to, 改派 to, 催办, a co-handler's own step), from its details. */
function departmentOf(tr: TicketDetail['transitions'][number]): string | null {
  const d = (tr.details ?? {}) as { department?: unknown; coDepartments?: Array<{ name: string }> };
  const names = [typeof d.department === 'string' ? d.department : null, ...(d.coDepartments ?? []).map((c) => c.name)].filter(Boolean);
  return names.length ? names.join('、') : null;
}
