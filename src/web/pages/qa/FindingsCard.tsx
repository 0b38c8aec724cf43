import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Space, Tag, Tooltip, Typography } from 'antd';
import type { Role } from '../../../shared/roles.js';
import { labelled, paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { useTimeFormat } from '../../time.js';
import { checkName, checkRule, type CustomRuleNames } from './checkLabels.js';
import { useQaThresholds } from './useCustomRules.js';
import type { ReviewAction, ReviewedFinding } from './ReviewModal.js';

/** Roles that confirm / overturn findings and add their own; roles that decide appeals (the server enforces the same). */
export const reviewerRoles: readonly Role[] = ['inspector', 'lead', 'manager', 'admin'];
export const deciderRoles: readonly Role[] = ['inspector', 'lead'];
const appellantRoles: readonly Role[] = ['agent', 'lead'];

const statusColor = { machine: 'default', confirmed: 'blue', overturned: 'default' } as const;
const appealColor = { pending: 'orange', accepted: 'green', rejected: 'red' } as const;

const fmt = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

/** Points as the scorecard writes them: −15, −2.5 (a minus sign, not a hyphen). */
const points = (n: number) => `−${Math.round(n * 10) / 10}`;

export interface Viewer {
  role: Role;
  agentNo: string | null;
}

/** The findings of a call with their review and appeal, and what the person looking at them may do. */
export function FindingsCard({
  findings,
  result,
  callAgentNo,
  viewer,
  now,
  custom,
  onPick,
  onAction,
}: {
  findings: ReviewedFinding[];
  /** the call's effective score, which the findings' deductions add up to */
  result: { effectiveScore: number; effectiveFatal: boolean } | null;
  callAgentNo: string;
  viewer: Viewer;
  now: number;
  custom: CustomRuleNames;
  onPick: (segment: number) => void;
  onAction: (a: ReviewAction) => void;
}) {
  const { t, lang } = useI18n();
  const thresholds = useQaThresholds();
  const ownCall = viewer.agentNo !== null && viewer.agentNo === callAgentNo;
  const canReview = reviewerRoles.includes(viewer.role) && !ownCall;
  const canDecide = deciderRoles.includes(viewer.role) && !ownCall;
  const canAppeal = appellantRoles.includes(viewer.role) && ownCall;
  const eventFindings = findings.filter((f) => f.segment === null && f.status !== 'overturned');
  const times = useTimeFormat();
  const when = (iso: string) => times.time(iso);
  // the server says what each finding takes off (the scoring rule's own figures); this only adds them up
  const deducted = Math.round(findings.reduce((sum, f) => sum + f.deduction, 0) * 10) / 10;

  return (
    <Card
      size="small"
      title={paren(t, t('qa.findings'), findings.length)}
      extra={
        canReview && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onAction({ kind: 'add' })} data-testid="finding-add">
            {t('qa.review.addFinding')}
          </Button>
        )
      }
    >
      {findings.length === 0 ? (
        <Empty description={t('qa.noFindings')} />
      ) : (
        <List
          size="small"
          dataSource={findings}
          renderItem={(f) => {
            const overturned = f.status === 'overturned';
            const windowOpen = now <= new Date(f.appealUntil).getTime();
            return (
              <List.Item style={{ display: 'block', opacity: overturned ? 0.6 : 1 }} data-testid="finding-item" data-check={f.check} data-status={f.status}>
                <div style={{ cursor: f.segment !== null ? 'pointer' : undefined }} onClick={() => f.segment !== null && onPick(f.segment)}>
                  <Space size={4} wrap>
                    <Tag color={overturned ? 'default' : f.fatal ? 'red' : 'orange'} style={{ textDecoration: overturned ? 'line-through' : undefined }}>
                      {checkName(f.check, lang, custom)}
                    </Tag>
                    {f.deduction > 0 ? (
                      <Tag color={f.fatal ? 'red' : 'orange'} data-testid="finding-deduction" data-points={f.deduction}>
                        {points(f.deduction)}
                      </Tag>
                    ) : (
                      <Tooltip title={overturned ? t('qa.deduction.overturned') : undefined}>
                        <Tag data-testid="finding-deduction" data-points={0}>
                          {points(0)}
                        </Tag>
                      </Tooltip>
                    )}
                    {f.fatal && !overturned && <Tag color="red">{t('qa.fatal')}</Tag>}
                    <Tag color={statusColor[f.status]} data-testid="finding-status">
                      {t(`qa.review.status.${f.status}`)}
                    </Tag>
                    {f.source === 'manual' && <Tag color="purple">{t('qa.review.manual')}</Tag>}
                    {f.appeal && (
                      <Tag color={appealColor[f.appeal.status]} data-testid="finding-appeal-status">
                        {t(`qa.review.appeal.${f.appeal.status}`)}
                      </Tag>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmt(f.at)}
                    </Typography.Text>
                  </Space>
                  <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 13 }}>“{f.evidence}”</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {labelled(t, t('qa.rule'), checkRule(f.check, lang, custom, thresholds))}
                  </Typography.Text>
                </div>
                {/* a decided appeal shows its decision below; the review line would repeat it */}
                {f.status !== 'machine' && !f.appeal?.decidedAt && (f.note || f.reviewedBy) && (
                  <div style={{ fontSize: 12, marginTop: 4 }}>
                    {labelled(t, t('qa.review.by'), f.reviewedBy ?? '—')}
                    {f.reviewedAt && ` · ${when(f.reviewedAt)}`}
                    {f.note && ` · ${f.note}`}
                  </div>
                )}
                {f.appeal && (
                  <div style={{ fontSize: 12, marginTop: 4, padding: '4px 8px', background: '#fafafa', borderRadius: 4 }}>
                    <div>
                      {labelled(t, t('qa.review.appellant'), f.appeal.appellant ?? '—')} · {when(f.appeal.filedAt)} · {f.appeal.reason}
                    </div>
                    {f.appeal.decidedAt && (
                      <div>
                        {labelled(t, t('qa.review.decidedBy'), f.appeal.decidedBy ?? '—')} · {when(f.appeal.decidedAt)} · {f.appeal.decisionNote}
                      </div>
                    )}
                  </div>
                )}
                <Space size={4} style={{ marginTop: 6 }} wrap>
                  {canReview && !f.appeal && (
                    <>
                      {f.status !== 'confirmed' && (
                        <Button size="small" onClick={() => onAction({ kind: 'confirm', finding: f })} data-testid="finding-confirm">
                          {t('qa.review.confirm')}
                        </Button>
                      )}
                      {!overturned && (
                        <Button size="small" danger onClick={() => onAction({ kind: 'overturn', finding: f })} data-testid="finding-overturn">
                          {t('qa.review.overturn')}
                        </Button>
                      )}
                    </>
                  )}
                  {canDecide && f.appeal?.status === 'pending' && (
                    <Button size="small" type="primary" onClick={() => onAction({ kind: 'decide', finding: f })} data-testid="finding-decide">
                      {t('qa.review.decide')}
                    </Button>
                  )}
                  {canAppeal && !f.appeal && !overturned && windowOpen && (
                    <Button size="small" onClick={() => onAction({ kind: 'appeal', finding: f })} data-testid="finding-appeal">
                      {t('qa.review.appeal')}
                    </Button>
                  )}
                  {canAppeal && !f.appeal && !overturned && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {windowOpen ? `${t('qa.review.appealUntil')} ${when(f.appealUntil)}` : t('qa.review.windowClosed')}
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      {result && findings.length > 0 && (
        <div data-testid="score-breakdown" data-deducted={deducted} style={{ marginTop: 8, fontSize: 13 }}>
          <Typography.Text strong>{t('qa.deduction.total').replace('{total}', String(deducted)).replace('{score}', String(result.effectiveScore))}</Typography.Text>
          {result.effectiveFatal ? (
            <Typography.Text type="danger">{` · ${t('qa.deduction.fatal')}`}</Typography.Text>
          ) : (
            deducted > 100 && <Typography.Text type="secondary">{` · ${t('qa.deduction.floor')}`}</Typography.Text>
          )}
        </div>
      )}
      {eventFindings.length > 0 && <Alert style={{ marginTop: 8 }} type="info" title={labelled(t, t('qa.event'), eventFindings.map((f) => checkName(f.check, lang, custom)).join(lang === 'en' ? ', ' : '、'))} />}
    </Card>
  );
}
