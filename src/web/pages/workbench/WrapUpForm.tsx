import { FileDoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Radio, Result, Row, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { Link } from 'react-router';
import { parseDuration } from '../../../shared/calendar/duration.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { resolveSlaLimits, type SlaLimitKey } from '../../../shared/tickets/sla-policy.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { clock } from '../calls/api.js';
import { ExtraFieldItems } from '../tickets/CreateTicketModal.js';
import { formatTime, useOrgTimeZone } from '../../time.js';
import type { TabooWarning } from '../../../shared/assist/index.js';
import type { WrapUpInput, WrapUpOutcome, WrapUpResult } from './api.js';
import { WarningList } from './AssistPanel.js';

export interface WrapUpValues {
  outcome: WrapUpOutcome;
  closeAs?: 'callback' | 'archive';
  category?: string;
  subCategory?: string;
  priority?: string;
  title?: string;
  callerName?: string;
  callerPhone?: string;
  address?: string;
  summary?: string;
  fields?: Record<string, unknown>;
  /** Night calls: a call-back was promised for the day. */
  followUpPromised?: boolean;
  /** The caller declines texts about the ticket (the pack's callerTexts). */
  textsOptOut?: boolean;
}

const shownLimits: SlaLimitKey[] = ['dispatch', 'reply', 'resolution', 'callback'];

/** "5 个工作日" from a pack duration like `5wd`. */
function useDurationText() {
  const { t } = useI18n();
  return (d: string) => {
    try {
      const p = parseDuration(d);
      return `${p.amount} ${t(`wb.unit.${p.unit}` as MessageKey)}`;
    } catch {
      return d;
    }
  };
}

/** The limits the pack sets for the chosen category and priority, before the ticket exists. */
function SlaPreview({ pack, category, subCategory, priority }: { pack: Pack; category: string; subCategory: string | undefined; priority: string | undefined }) {
  const { t } = useI18n();
  const text = useDurationText();
  const cat = pack.categories.find((c) => c.id === category);
  const prio = priority ?? cat?.subCategories.find((s) => s.id === subCategory)?.defaultPriority ?? cat?.defaultPriority;
  if (!cat || !prio) return null;
  const limits = resolveSlaLimits(pack, category, subCategory, prio);
  const shown = shownLimits.filter((k) => limits[k]);
  if (!shown.length) return null;
  return (
    <div data-testid="wb-sla-preview" style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('wb.wrap.limits')}</Typography.Text>{' '}
      {shown.map((k) => (
        <Tag key={k} color="blue">{`${t(`wb.limit.${k}` as MessageKey)} ${text(limits[k]!)}`}</Tag>
      ))}
    </div>
  );
}

/**
 * 话后整理: the record of the call — category, priority, the caller's request in a few lines, the recap
 * checklist — then a ticket with its time limits, or the request closed on the call. Filled in during
 * the call (the category completes 记录分类), submitted once the call has ended.
 */
export function WrapUpForm({
  pack,
  form,
  ended,
  wrapUpLeftMs,
  recap,
  notes,
  pending,
  error,
  onSubmit,
  draftWarnings,
  nightCall = false,
}: {
  /** The call rang in the pack's night hours (夜间模式): the form asks whether a call-back was promised. */
  nightCall?: boolean;
  pack: Pack;
  form: FormInstance<WrapUpValues>;
  ended: boolean;
  /** Time left of the pack's wrap-up time while the agent is in 话后 (null otherwise). */
  wrapUpLeftMs: number | null;
  recap: readonly string[];
  notes: string;
  pending: boolean;
  error: string | null;
  onSubmit: (body: WrapUpInput) => void;
  /** Taboo phrases in what the agent writes for the ticket (it is read by the department and the caller). */
  draftWarnings: (text: string) => TabooWarning[];
}) {
  const { t, lang } = useI18n();
  const outcome = Form.useWatch('outcome', form) ?? 'ticket';
  const category = Form.useWatch('category', form);
  const subCategory = Form.useWatch('subCategory', form);
  const priority = Form.useWatch('priority', form);
  const summaryText = Form.useWatch('summary', form) ?? '';
  const titleText = Form.useWatch('title', form) ?? '';
  const warnings = [...draftWarnings(titleText), ...draftWarnings(summaryText)];
  const subs = pack.categories.find((c) => c.id === category)?.subCategories ?? [];
  const needsTicket = outcome !== 'no_ticket';
  // 夜间模式: the pack's night script promises a call-back in the day; the agent confirms it was promised
  const nightFollowUp = nightCall && pack.nightMode?.enabled === true && pack.nightMode.callback.createTask;
  const durationText = useDurationText();
  const finish = (v: WrapUpValues) => {
    const present = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== ''));
    const summary = (v.summary ?? '').trim() || notes.trim();
    const ticket = needsTicket
      ? present({
          category: v.category,
          subCategory: v.subCategory,
          priority: v.priority,
          title: v.title,
          callerName: v.callerName,
          callerPhone: v.callerPhone,
          address: v.address,
          description: summary,
          fields: present(v.fields ?? {}),
          textsOptOut: v.textsOptOut === true ? true : undefined,
        })
      : undefined;
    onSubmit({
      outcome: v.outcome,
      ...(ticket && { ticket }),
      ...(v.outcome === 'resolved' && { closeAs: v.closeAs ?? 'callback' }),
      summary,
      recap: [...recap],
      ...(nightFollowUp && { followUpPromised: v.followUpPromised !== false }),
    });
  };
  return (
    <Card
      size="small"
      title={
        <span>
          <FileDoneOutlined /> {t('wb.wrap.title')}
        </span>
      }
      extra={
        wrapUpLeftMs !== null && (
          <Tag color={wrapUpLeftMs < 0 ? 'red' : 'orange'} data-testid="wb-wrap-timer" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {wrapUpLeftMs < 0 ? `${t('wb.wrap.over')} ${clock(-wrapUpLeftMs, lang)}` : `${t('wb.wrap.left')} ${clock(wrapUpLeftMs, lang)}`}
          </Tag>
        )
      }
      data-testid="wb-wrap"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="wb-wrap-error" />}
      <Form form={form} layout="vertical" size="small" initialValues={{ outcome: 'ticket', closeAs: 'callback' }} onFinish={finish}>
        <Form.Item name="outcome" label={t('wb.wrap.outcome')}>
          <Radio.Group optionType="button" data-testid="wb-wrap-outcome">
            <Radio.Button value="ticket">{t('wb.wrap.outcome.ticket')}</Radio.Button>
            <Radio.Button value="resolved">{t('wb.wrap.outcome.resolved')}</Radio.Button>
            <Radio.Button value="no_ticket">{t('wb.wrap.outcome.no_ticket')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {outcome === 'resolved' && (
          <Form.Item name="closeAs" label={t('wb.wrap.closeAs')}>
            <Radio.Group>
              <Radio value="callback">{t('wb.wrap.closeAs.callback')}</Radio>
              <Radio value="archive">{t('wb.wrap.closeAs.archive')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="category" label={t('tk.category')} rules={[{ required: needsTicket, message: t('wb.wrap.needCategory') }]}>
              <Select data-testid="wb-wrap-category" options={pack.categories.map((c) => ({ value: c.id, label: c.name }))} onChange={() => form.setFieldValue('subCategory', undefined)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="subCategory" label={t('tk.subCategory')}>
              <Select allowClear disabled={subs.length === 0} options={subs.map((s) => ({ value: s.id, label: s.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="priority" label={t('tk.priority')}>
              <Select allowClear data-testid="wb-wrap-priority" options={pack.priorities.map((p) => ({ value: p.id, label: `${p.name} · ${p.label}` }))} />
            </Form.Item>
          </Col>
        </Row>
        {category && <SlaPreview pack={pack} category={category} subCategory={subCategory} priority={priority} />}
        {needsTicket && (
          <>
            <Row gutter={12}>
              <Col xs={24} sm={7}>
                <Form.Item name="callerName" label={t('tk.callerName')}>
                  <Input data-testid="wb-wrap-caller-name" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={7}>
                <Form.Item name="callerPhone" label={t('tk.callerPhone')}>
                  <Input data-testid="wb-wrap-caller-phone" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={10}>
                <Form.Item name="address" label={t('tk.address')}>
                  <Input data-testid="wb-wrap-address" />
                </Form.Item>
              </Col>
            </Row>
            {pack.callerTexts && (
              <Form.Item name="textsOptOut" valuePropName="checked">
                <Checkbox data-testid="wb-wrap-texts-opt-out">{t('tk.texts.optOutAtIntake')}</Checkbox>
              </Form.Item>
            )}
            <Form.Item name="title" label={t('tk.title')}>
              <Input data-testid="wb-wrap-title" />
            </Form.Item>
          </>
        )}
        <Form.Item name="summary" label={t('wb.wrap.summary')} extra={t('wb.wrap.summaryHint')}>
          <Input.TextArea rows={3} data-testid="wb-wrap-summary" placeholder={notes || undefined} />
        </Form.Item>
        <WarningList warnings={warnings} testId="wb-wrap-warnings" />
        {nightFollowUp && (
          <Form.Item name="followUpPromised" valuePropName="checked" initialValue={true}>
            <Checkbox data-testid="wb-wrap-night-followup">{t('wb.night.promised').replace('{within}', durationText(pack.nightMode!.callback.within))}</Checkbox>
          </Form.Item>
        )}
        {needsTicket && <ExtraFieldItems pack={pack} category={category} subCategory={subCategory} />}
        {!ended && <Alert type="info" showIcon title={t('wb.wrap.afterEnd')} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" disabled={!ended} loading={pending} data-testid="wb-wrap-submit">
          {needsTicket ? (outcome === 'resolved' ? t('wb.wrap.submitResolved') : t('wb.wrap.submitTicket')) : t('wb.wrap.submitNone')}
        </Button>
      </Form>
    </Card>
  );
}

/** What the wrap-up produced: the ticket with its real deadlines on the working-day calendar. */
export function WrapUpDone({ result, onNext }: { result: WrapUpResult; onNext: () => void }) {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const tk = result.ticket;
  const dues = (tk?.timers ?? []).filter((x) => x.status === 'running' && (shownLimits as string[]).concat(['department_sign_in']).includes(x.kind));
  return (
    <Card size="small" data-testid="wb-wrap-done">
      <Result
        status="success"
        title={tk ? `${t('wb.done.ticket')} ${tk.number}` : t('wb.done.noTicket')}
        subTitle={t('wb.done.ready')}
        extra={
          <Space direction="vertical">
            {result.followUp && (
              <div data-testid="wb-done-followup" data-due={result.followUp.dueAt}>
                {labelled(t, t('wb.night.followUpDue'))}<b>{formatTime(result.followUp.dueAt, tz, lang)}</b>
              </div>
            )}
            {tk && (
              <div data-testid="wb-done-dues">
                {dues.map((d) => (
                  <div key={d.id} data-testid={`wb-done-due-${d.kind}`} data-due={d.dueAt}>
                    {t(`tk.timer.${d.kind}` as MessageKey)}: <b>{formatTime(d.dueAt, tz, lang)}</b>
                  </div>
                ))}
              </div>
            )}
            <Space>
              {tk && (
                <Link to={`/tickets/${tk.id}`} data-testid="wb-done-open-ticket">
                  {t('wb.done.openTicket')}
                </Link>
              )}
              <Button type="primary" onClick={onNext} data-testid="wb-done-next">
                {t('wb.done.next')}
              </Button>
            </Space>
          </Space>
        }
      />
    </Card>
  );
}
