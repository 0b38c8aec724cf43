import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { BackLink } from '../../components/BackLink.js';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { useCustomRuleNames, useQaThresholds } from './useCustomRules.js';
import { checkName, checkRule } from './checkLabels.js';
import { FindingsCard } from './FindingsCard.js';
import { ReviewModal, type ReviewAction, type ReviewedFinding } from './ReviewModal.js';
import { Timeline } from './Timeline.js';
import { CorrectionButton } from '../calls/CorrectionButton.js';
import { keys } from '../../queryKeys.js';

const fmt = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

export function ScorecardPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const when = useTimeFormat();
  const custom = useCustomRuleNames();
  const thresholds = useQaThresholds();
  const card = useQuery({
    queryKey: keys.qa.card(id ?? ''),
    queryFn: () => api('GET /api/qa/results/:id', { params: { id: id ?? '' } }),
  });
  const me = useMe().data;
  const [acting, setActing] = useState<ReviewAction | null>(null);
  const [openedAt] = useState(() => Date.now());
  const rows = useRef<Record<number, HTMLDivElement | null>>({});
  if (card.isPending) return <Spin />;
  if (card.isError) return <ErrorState error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  // overturned findings no longer count: the transcript and the timeline mark only those that stand
  const standing = c.findings.filter((f) => f.status !== 'overturned');
  const bySegment = new Map<number, ReviewedFinding[]>();
  for (const f of standing) if (f.segment !== null) bySegment.set(f.segment, [...(bySegment.get(f.segment) ?? []), f]);
  const pick = (i: number) => rows.current[i]?.scrollIntoView({ behavior: 'smooth', block: 'center' });

  return (
    <div data-testid="page-scorecard">
      <BackLink to="/qa">{t('qa.back')}</BackLink>
      <Row gutter={16} align="middle" style={{ marginBottom: 16 }}>
        <Col flex="auto">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('qa.scorecard')} · {c.callId}
          </Typography.Title>
          <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('qa.agent')}>{`${c.agentName ?? ''} ${c.agentNo}`}</Descriptions.Item>
            <Descriptions.Item label={t('qa.startedAt')}>{when.time(c.startedAt, true)}</Descriptions.Item>
            {c.transcript.org && <Descriptions.Item label={t('qa.org')}>{c.transcript.org}</Descriptions.Item>}
          </Descriptions>
        </Col>
        <Col>
          {c.result ? (
            <Space size={24} align="end">
              <div data-testid="effective-score" data-score={c.result.effectiveScore}>
                <Statistic
                  title={t('qa.review.effectiveScore')}
                  value={c.result.effectiveScore}
                  valueStyle={{ color: c.result.effectiveFatal ? '#cf1322' : c.result.effectiveScore >= 90 ? '#389e0d' : '#d48806', fontSize: 40 }}
                  suffix={c.result.effectiveFatal ? <Tag color="red">{t('qa.fatal')}</Tag> : undefined}
                />
              </div>
              <div data-testid="machine-score">
                <Statistic title={t('qa.review.machineScore')} value={c.result.score} valueStyle={{ color: '#8c8c8c', fontSize: 22 }} suffix={c.result.fatal ? <Tag>{t('qa.fatal')}</Tag> : undefined} />
              </div>
              <Tag color={c.result.reviewed ? 'blue' : 'default'}>{t(c.result.reviewed ? 'qa.review.reviewed' : 'qa.review.awaiting')}</Tag>
              {me && <CorrectionButton transcriptId={c.id} role={me.role} />}
            </Space>
          ) : (
            <Tag>{t('qa.queued')}</Tag>
          )}
        </Col>
      </Row>
      <Card size="small" title={t('qa.timeline')} style={{ marginBottom: 16 }}>
        <Timeline segments={c.transcript.segments} events={c.transcript.events} findings={standing} onPick={pick} custom={custom} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('qa.transcript')}>
            {c.transcript.segments.map((s, i) => {
              const fs = bySegment.get(i);
              return (
                <div
                  key={i}
                  ref={(el) => {
                    rows.current[i] = el;
                  }}
                  data-testid={fs ? 'flagged-segment' : undefined}
                  style={{
                    display: 'flex',
                    gap: 8,
                    padding: '6px 8px',
                    borderRadius: 6,
                    marginBottom: 4,
                    background: fs ? '#fff1f0' : undefined,
                    borderLeft: fs ? '3px solid #cf1322' : '3px solid transparent',
                  }}
                >
                  <Typography.Text type="secondary" style={{ width: 44, flex: 'none', fontSize: 12, paddingTop: 2 }}>
                    {fmt(s.start)}
                  </Typography.Text>
                  <Tag color={s.speaker === 'agent' ? 'blue' : 'green'} style={{ flex: 'none', height: 22 }}>
                    {t(`qa.speaker.${s.speaker}`)}
                  </Tag>
                  <div style={{ flex: 'auto' }}>
                    <div style={{ lineHeight: 1.8 }}>{s.text}</div>
                    {fs?.map((f, j) => (
                      <div key={j} style={{ fontSize: 12, color: '#cf1322' }}>
                        ⚠ {checkName(f.check, lang, custom)} — {checkRule(f.check, lang, custom, thresholds)}
                      </div>
                    ))}
                  </div>
                </div>
              );
            })}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <FindingsCard
            findings={c.findings}
            result={c.result}
            callAgentNo={c.agentNo}
            viewer={{ role: me?.role ?? 'agent', agentNo: me?.agentNo ?? null }}
            now={openedAt}
            custom={custom}
            onPick={pick}
            onAction={setActing}
          />
        </Col>
      </Row>
      {acting && c.result && <ReviewModal transcriptId={c.id} action={acting} segments={c.transcript.segments} custom={custom} onClose={() => setActing(null)} />}
    </div>
  );
}
