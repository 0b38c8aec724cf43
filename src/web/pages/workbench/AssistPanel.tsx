/** 坐席辅助 on the workbench: suggested scenarios and caller types, the live transcript and notes with warnings. */
import { BulbOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { Suggestion, Suggestions, TabooWarning } from '../../../shared/assist/index.js';
import type { CustomerType, Scenario } from '../../../shared/standards/schema.js';
import { useI18n } from '../../i18n/index.js';
import type { TranscriptSegment } from '../calls/api.js';

/** Text with the taboo phrases marked in place. */
export function Flagged({ text, warnings }: { text: string; warnings: readonly TabooWarning[] }) {
  if (!warnings.length) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  warnings.forEach((w, i) => {
    if (w.start > at) parts.push(text.slice(at, w.start));
    parts.push(
      <mark key={i} className="wb-taboo" style={{ background: '#ffccc7', padding: '0 2px', borderRadius: 2 }}>
        {text.slice(w.start, w.end)}
      </mark>,
    );
    at = w.end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** One line per taboo phrase: the class, the words, and what to say instead. */
export function WarningList({ warnings, testId }: { warnings: readonly TabooWarning[]; testId: string }) {
  const { t } = useI18n();
  if (!warnings.length) return null;
  return (
    <div data-testid={testId}>
      {warnings.map((w, i) => (
        <Alert
          key={`${w.start}-${i}`}
          type={w.severity === 'fatal' ? 'error' : 'warning'}
          showIcon
          icon={<WarningOutlined />}
          style={{ marginTop: 6 }}
          data-testid="wb-warning"
          data-class={w.classId}
          title={
            <span>
              {t('wb.warn.taboo')} <b>“{w.text}”</b> <Tag style={{ marginLeft: 4 }}>{w.className}</Tag>
            </span>
          }
          description={w.alternative ? <span data-testid="wb-warning-alternative">{`${t('wb.warn.instead')} ${w.alternative}`}</span> : t('wb.warn.rephrase')}
        />
      ))}
    </div>
  );
}

/** The call's words as they arrive; the agent's own taboo phrases are marked. */
export function LiveTranscript({ segments, warningsOf, footer }: { segments: readonly TranscriptSegment[]; warningsOf: (s: TranscriptSegment) => TabooWarning[]; footer?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('wb.transcript')} data-testid="wb-transcript" extra={footer}>
      {segments.length === 0 ? (
        <Typography.Text type="secondary">{t('wb.transcript.none')}</Typography.Text>
      ) : (
        <div style={{ maxHeight: 260, overflowY: 'auto' }}>
          {segments.map((s, i) => {
            const ws = s.speaker === 'agent' ? warningsOf(s) : [];
            return (
              <div key={`${s.start}-${i}`} style={{ marginBottom: 4 }} data-testid="wb-segment" data-flagged={String(ws.length > 0)}>
                <Tag color={s.speaker === 'agent' ? 'blue' : 'green'}>{t(`calls.speaker.${s.speaker}`)}</Tag>
                <Flagged text={s.text} warnings={ws} />
                {ws.map((w, j) => (
                  <Tooltip key={j} title={w.alternative ?? t('wb.warn.rephrase')}>
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      {t('wb.warn.tabooShort')}
                    </Tag>
                  </Tooltip>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}

/** 通话记录: what the agent types during the call; taboo phrases are flagged while typing. */
export function NotesBox({ value, onChange, warnings }: { value: string; onChange: (v: string) => void; warnings: readonly TabooWarning[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('wb.notes')} data-testid="wb-notes-card">
      <Input.TextArea value={value} onChange={(e) => onChange(e.target.value)} rows={4} placeholder={t('wb.notes.placeholder')} data-testid="wb-notes" status={warnings.length ? 'warning' : undefined} />
      <WarningList warnings={warnings} testId="wb-notes-warnings" />
    </Card>
  );
}

function SuggestionRow({ s, chosen, onFollow }: { s: Suggestion; chosen: boolean; onFollow: () => void }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 0' }} data-testid={`wb-suggestion-${s.id}`}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <b>{s.name}</b>
        {s.group && <span style={{ color: 'rgba(0,0,0,0.45)', marginLeft: 6, fontSize: 12 }}>{s.group}</span>}
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
          {[...new Set(s.cues.map((c) => c.text))].slice(0, 3).map((text) => (
            <Tag key={text} style={{ fontSize: 11 }}>
              {text}
            </Tag>
          ))}
        </div>
      </div>
      <Button size="small" type={chosen ? 'primary' : 'default'} onClick={onFollow} data-testid="wb-follow">
        {chosen ? t('wb.assist.following') : t('wb.assist.follow')}
      </Button>
    </div>
  );
}

/**
 * 场景建议: the top scenarios and caller types for what has been said and typed, each one click from its
 * script; and a menu of every scenario of the pack for when the agent already knows.
 */
export function AssistPanel({
  suggestions,
  scenarios,
  scenario,
  customerType,
  onScenario,
  onCustomerType,
}: {
  suggestions: Suggestions;
  scenarios: readonly Scenario[];
  scenario: Scenario | null;
  customerType: CustomerType | null;
  onScenario: (id: string | null) => void;
  onCustomerType: (id: string | null) => void;
}) {
  const { t } = useI18n();
  const empty = suggestions.scenarios.length === 0 && suggestions.customerTypes.length === 0;
  return (
    <Card
      size="small"
      title={
        <span>
          <BulbOutlined /> {t('wb.assist.title')}
        </span>
      }
      data-testid="wb-assist"
    >
      {empty && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wb.assist.none')} />}
      {suggestions.scenarios.map((s) => (
        <SuggestionRow key={s.id} s={s} chosen={scenario?.id === s.id} onFollow={() => onScenario(scenario?.id === s.id ? null : s.id)} />
      ))}
      {suggestions.customerTypes.length > 0 && (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wb.assist.customerTypes')}
          </Typography.Text>
          {suggestions.customerTypes.map((s) => (
            <SuggestionRow key={s.id} s={s} chosen={customerType?.id === s.id} onFollow={() => onCustomerType(customerType?.id === s.id ? null : s.id)} />
          ))}
        </>
      )}
      <Space style={{ marginTop: 8 }} wrap>
        <Typography.Text type="secondary">{t('wb.assist.pick')}</Typography.Text>
        <Select
          aria-label={t('wb.assist.pick')}
          data-testid="wb-scenario-menu"
          value={scenario?.id ?? null}
          onChange={(v: string | null) => onScenario(v ?? null)}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 240 }}
          placeholder={t('wb.assist.pickPlaceholder')}
          options={[...new Set(scenarios.map((s) => s.group))].map((g) => ({
            label: g,
            options: scenarios.filter((s) => s.group === g).map((s) => ({ value: s.id, label: s.name })),
          }))}
        />
      </Space>
    </Card>
  );
}
