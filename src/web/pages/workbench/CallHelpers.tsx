/** The standard's clocks on the workbench: hold timer, silent-call protocol, the unresolved-complaint rule. */
import { ClockCircleOutlined, SoundOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Steps, Typography } from 'antd';
import type { CallRules } from '../../../shared/standards/schema.js';
import { renderScript, type ScriptVars } from '../../../shared/standards/render.js';
import { complaintState, holdState, silentCallState, silentCallSteps } from '../../../shared/workbench/timers.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { clock } from '../calls/api.js';

const line = (text: string, testId?: string) => (
  <div data-testid={testId} style={{ background: '#fffbe6', borderLeft: '3px solid #faad14', padding: '6px 10px', margin: '6px 0', borderRadius: 4, fontSize: 15 }}>
    {text}
  </div>
);

/** Before a hold: the consent line. On hold: time held, the next check-in counting down, the prompt when it is due. */
export function HoldTimer({
  rules,
  vars,
  now,
  holdStart,
  lastCheckIn,
  earlierHoldMs,
  onCheckIn,
}: {
  rules: CallRules['hold'];
  vars: ScriptVars;
  now: number;
  holdStart: number;
  lastCheckIn: number | null;
  earlierHoldMs: number;
  onCheckIn: () => void;
}) {
  const { t, lang } = useI18n();
  const s = holdState(rules, now, holdStart, lastCheckIn, earlierHoldMs);
  const every = rules.checkInEverySeconds * 1000;
  return (
    <Card size="small" title={<span><ClockCircleOutlined /> {t('wb.hold.title')}</span>} data-testid="wb-hold" data-due={String(s.checkInDue)} style={{ borderColor: s.checkInDue ? '#faad14' : undefined }}>
      <Space size="large" style={{ marginBottom: 8 }}>
        <span>
          {t('wb.hold.elapsed')} <b data-testid="wb-hold-elapsed" style={{ fontVariantNumeric: 'tabular-nums' }}>{clock(s.elapsedMs, lang)}</b>
        </span>
        <span>
          {t('wb.hold.next')} <b style={{ fontVariantNumeric: 'tabular-nums' }}>{clock(Math.max(0, s.checkInInMs), lang)}</b>
        </span>
      </Space>
      <Progress percent={Math.min(100, Math.round((s.sinceCheckInMs / every) * 100))} showInfo={false} status={s.checkInDue ? 'exception' : 'active'} size="small" />
      {s.checkInDue && (
        <Alert
          type="warning"
          showIcon
          data-testid="wb-hold-checkin"
          title={t('wb.hold.checkInDue').replace('{s}', String(rules.checkInEverySeconds))}
          description={line(renderScript(rules.checkInScript, vars))}
          action={
            <Button size="small" type="primary" onClick={onCheckIn} data-testid="wb-hold-checked-in">
              {t('wb.hold.checkedIn')}
            </Button>
          }
          style={{ marginTop: 8 }}
        />
      )}
      {s.overMax && <Alert type="error" showIcon data-testid="wb-hold-over" title={t('wb.hold.overMax').replace('{s}', String(rules.maxHoldSeconds))} style={{ marginTop: 8 }} />}
      {rules.thankAfterWait && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('wb.hold.onResume')} {renderScript(rules.thanksScript, vars)}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 无声电话: prompt, wait, prompt, wait, end notice, wait — then the agent may hang up. */
export function SilentCallHelper({ rules, vars, now, said, onSay, onClose }: { rules: CallRules['silentCall']; vars: ScriptVars; now: number; said: number[]; onSay: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const steps = silentCallSteps(rules);
  const s = silentCallState(steps, said, now);
  const step = steps[s.index];
  return (
    <Card size="small" title={<span><SoundOutlined /> {t('wb.silent.title')}</span>} extra={<Button size="small" type="link" onClick={onClose}>{t('wb.close')}</Button>} data-testid="wb-silent" data-step={String(s.index)}>
      <Steps
        size="small"
        direction="vertical"
        current={s.index}
        items={steps.map((st, i) => ({
          title: st.kind === 'hangup' ? t('wb.silent.hangup') : st.kind === 'endNotice' ? t('wb.silent.endNotice') : `${t('wb.silent.prompt')} ${i + 1}`,
          description: st.script ? renderScript(st.script, vars) : st.waitMs > 0 ? t('wb.silent.wait').replace('{s}', String(st.waitMs / 1000)) : undefined,
        }))}
      />
      {!s.done && step && (
        <Space>
          <Button type="primary" disabled={!s.ready} onClick={onSay} data-testid="wb-silent-said">
            {step.kind === 'hangup' ? t('wb.silent.mayHangUp') : t('wb.silent.said')}
          </Button>
          {!s.ready && <Typography.Text type="secondary" data-testid="wb-silent-wait">{t('wb.silent.waitLeft').replace('{s}', String(Math.ceil(s.readyInMs / 1000)))}</Typography.Text>}
        </Space>
      )}
      {s.done && <Alert type="success" showIcon title={t('wb.silent.done')} />}
    </Card>
  );
}

/** The unresolved-complaint rule (180 秒): past the limit, offer the transfer or a ticket. */
export function ComplaintTimer({
  rule,
  vars,
  targetName,
  now,
  startedAt,
  onTicket,
}: {
  rule: NonNullable<CallRules['unresolvedComplaint']>;
  vars: ScriptVars;
  targetName: string | null;
  now: number;
  startedAt: number;
  onTicket: () => void;
}) {
  const { t, lang } = useI18n();
  const s = complaintState(rule, startedAt, now)!;
  return (
    <Card size="small" title={t('wb.complaint.title').replace('{s}', String(rule.afterSeconds))} data-testid="wb-complaint" data-exceeded={String(s.exceeded)}>
      <Progress percent={Math.min(100, Math.round((s.elapsedMs / s.limitMs) * 100))} format={() => clock(s.elapsedMs, lang)} status={s.exceeded ? 'exception' : 'active'} size="small" />
      {s.exceeded && (
        <Alert
          type="warning"
          showIcon
          title={t('wb.complaint.exceeded')}
          description={
            <>
              {line(renderScript(rule.script, { ...vars, ...(targetName && { target: targetName }) }))}
              <Space wrap>
                {targetName && <Typography.Text>{t('wb.complaint.transferTo').replace('{target}', targetName)}</Typography.Text>}
                {rule.orCreateTicket && (
                  <Button size="small" onClick={onTicket} data-testid="wb-complaint-ticket">
                    {t('wb.complaint.ticket')}
                  </Button>
                )}
              </Space>
            </>
          }
        />
      )}
    </Card>
  );
}

export const reportKinds = ['abusive', 'harassment', 'threat', 'other'] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportKindKey = (k: ReportKind) => `wb.report.kind.${k}` as MessageKey;
