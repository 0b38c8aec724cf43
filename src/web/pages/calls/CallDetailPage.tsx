import { AuditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Statistic, Tag, Timeline as AntTimeline, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink } from '../../components/BackLink.js';
import { RecordingPlayer } from '../../components/RecordingPlayer.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { newTicketPath } from '../../components/ScreenPop.js';
import { ErrorState } from '../../components/States.js';
import { paren } from '../../i18n/compose.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { ctiEventTypes } from '../../../shared/cti/events.js';
import { hangupCauseLabel } from '../../../shared/labels/calls.js';
import { Timeline, type CallEvent as QaCallEvent } from '../qa/Timeline.js';
import { formatTime, useOrgTimeZone } from '../../time.js';
import { clock } from './api.js';
import { useQueueName } from './queues.js';
import { CallOutcomeTag, QaTag } from './CallTags.js';
import { CorrectionButton } from './CorrectionButton.js';
import { keys } from '../../queryKeys.js';

// explicit colours: antd's 'blue' follows the theme's primary colour, which is red here
const eventColors: Record<string, string> = { 'call.ringing': '#fa8c16', 'call.answered': '#1677ff', 'call.hold': '#bfbfbf', 'call.resume': '#1677ff', 'call.transferred': '#722ed1', 'call.ended': '#52c41a', 'call.recording': '#8c8c8c' };
const endedByKeys = ['customer', 'agent', 'system'];
const mmss = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

/** One call: its figures, what happened when, the recording, the transcript and the QA result. */
export function CallDetailPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const queueName = useQueueName();
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const rows = useRef<Record<number, HTMLDivElement | null>>({});
  const call = useQuery({ queryKey: keys.calls.one(id), queryFn: () => api('GET /api/calls/:id', { params: { id } }), enabled: me.sections.includes('calls') });
  if (!me.sections.includes('calls')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  if (call.isPending) return <Spin />;
  if (call.isError) return <ErrorState error={call.error} onRetry={() => void call.refetch()} />;
  const c = call.data;
  const answeredAt = c.answeredAt ? new Date(c.answeredAt).getTime() : null;
  // holds on the transcript's clock (ms since the answer), for the QA timeline bar
  const qaEvents: QaCallEvent[] = answeredAt
    ? c.timeline
        .filter((e) => e.type === 'call.hold' || e.type === 'call.resume')
        .map((e) => ({ type: e.type === 'call.hold' ? 'hold' : 'resume', at: Math.max(0, new Date(e.at).getTime() - answeredAt) }))
    : [];
  const eventLabel = (type: string) => ((ctiEventTypes as readonly string[]).includes(type) ? t(`calls.event.${type}` as MessageKey) : t('calls.event.other'));
  const hotline = ['admin', 'manager', 'lead', 'agent'].includes(me.role);

  return (
    <div data-testid="page-call">
      <BackLink to="/calls">{t('calls.back')}</BackLink>
      <Row gutter={16} align="middle" style={{ marginBottom: 12 }}>
        <Col flex="auto">
          <Space align="baseline" wrap>
            <Typography.Title level={3} style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }} data-testid="call-number">
              {c.from ?? t('calls.unknownNumber')}
            </Typography.Title>
            <CallOutcomeTag call={c} />
            {c.direction === 'out' && <Tag>{t('calls.outbound')}</Tag>}
            <Typography.Text type="secondary">
              {t('calls.externalId')} <span translate="no">{c.externalId}</span>
            </Typography.Text>
          </Space>
        </Col>
        <Col>
          <Space>
            {c.qaTranscriptId && (
              <Link to={`/qa/${encodeURIComponent(c.qaTranscriptId)}`}>
                <Button icon={<AuditOutlined />} data-testid="call-open-qa">
                  {t('calls.openQa')}
                </Button>
              </Link>
            )}
            <CorrectionButton callId={c.id} role={me.role} disabled={!c.from} />
            {hotline && (
              <Link to={newTicketPath(c.id, c.from)}>
                <Button>{t('calls.pop.newTicket')}</Button>
              </Link>
            )}
          </Space>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="call-figures">
        {(
          [
            ['calls.rings', c.rings ?? '—'],
            ['calls.wait', clock(c.waitMs, lang)],
            ['calls.talk', clock(c.talkMs, lang)],
            ['calls.hold', c.holdCount ? `${clock(c.holdMs, lang)} ×${c.holdCount}` : '—'],
            ['calls.wrapUp', clock(c.wrapUpMs, lang)],
          ] as Array<[MessageKey, string | number]>
        ).map(([k, v]) => (
          <Col key={k} xs={12} sm={8} md={4}>
            <Card size="small">
              <Statistic title={t(k)} value={v} styles={{ content: { fontVariantNumeric: 'tabular-nums' } }} />
            </Card>
          </Col>
        ))}
        <Col xs={12} sm={8} md={4}>
          <Card size="small">
            <Statistic title={t('calls.qa')} value=" " prefix={<QaTag call={c} />} />
          </Card>
        </Col>
      </Row>

      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('calls.detail.facts')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('calls.to')}>{c.to ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('calls.queue')}>{queueName(c.queue)}</Descriptions.Item>
              <Descriptions.Item label={t('calls.agent')}>{c.agentNo ? `${c.agentName ?? ''} ${t('agentNo')} ${c.agentNo}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('calls.ringingAt')}>{formatTime(c.ringingAt, tz, lang, true)}</Descriptions.Item>
              <Descriptions.Item label={t('calls.answeredAt')}>{formatTime(c.answeredAt, tz, lang, true)}</Descriptions.Item>
              <Descriptions.Item label={t('calls.endedAt')}>{formatTime(c.endedAt, tz, lang, true)}</Descriptions.Item>
              <Descriptions.Item label={t('calls.endedBy')}>{c.endedBy ? t(`calls.endedBy.${c.endedBy}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('calls.cause')}>{c.cause ? <span title={c.cause}>{hangupCauseLabel(c.cause, lang)}</span> : '—'}</Descriptions.Item>
              {c.transfers.length > 0 && (
                <Descriptions.Item label={t('calls.transfers')}>{c.transfers.map((x) => `${x.target}${x.agentNo ? ` (${x.agentNo})` : ''}`).join(' → ')}</Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('calls.detail.timeline')} style={{ marginBottom: 16 }} data-testid="call-timeline">
            {c.timeline.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <AntTimeline
                items={c.timeline.map((e) => ({
                  color: eventColors[e.type] ?? '#bfbfbf',
                  title: formatTime(e.at, tz, lang, true).slice(11),
                  content: (
                    <span>
                      {eventLabel(e.type)}
                      {e.agentNo && ` · ${t('agentNo')} ${e.agentNo}`}
                      {e.target && ` → ${e.target}`}
                      {e.endedBy && ` · ${endedByKeys.includes(e.endedBy) ? t(`calls.endedBy.${e.endedBy}` as MessageKey) : e.endedBy}`}
                    </span>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('calls.detail.recording')} style={{ marginBottom: 16 }}>
            <RecordingPlayer url={c.recordingUrl} />
          </Card>
          <Card size="small" title={paren(t, t('calls.detail.transcript'), c.transcript.length)} data-testid="call-transcript">
            {c.transcript.length === 0 ? (
              <Typography.Text type="secondary">{t('calls.detail.noTranscript')}</Typography.Text>
            ) : (
              <>
                <Timeline segments={c.transcript} events={qaEvents} findings={[]} onPick={(i) => rows.current[i]?.scrollIntoView({ behavior: 'smooth', block: 'center' })} />
                <div style={{ maxHeight: 520, overflowY: 'auto', marginTop: 12 }}>
                  {c.transcript.map((s, i) => (
                    <div
                      key={i}
                      ref={(el) => {
                        rows.current[i] = el;
                      }}
                      style={{ display: 'flex', gap: 8, padding: '4px 0', flexDirection: s.speaker === 'agent' ? 'row' : 'row-reverse' }}
                    >
                      <span style={{ color: 'rgba(0,0,0,0.45)', fontVariantNumeric: 'tabular-nums', fontSize: 12, minWidth: 36 }}>{mmss(s.start)}</span>
                      <span style={{ background: s.speaker === 'agent' ? '#e6f4ff' : '#f6ffed', padding: '4px 10px', borderRadius: 8, maxWidth: '80%' }}>
                        <Tag color={s.speaker === 'agent' ? 'blue' : 'green'} style={{ marginRight: 6 }}>
                          {t(`calls.speaker.${s.speaker}`)}
                        </Tag>
                        {s.text}
                      </span>
                    </div>
                  ))}
                </div>
              </>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
