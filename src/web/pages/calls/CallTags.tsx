import { Tag } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';
import type { Call } from './api.js';

/** 振铃中 / 通话中 / 已接通 / 放弃 / 未接, with 夜间 for calls in the night service hours. */
export function CallOutcomeTag({ call }: { call: Pick<Call, 'status' | 'abandoned' | 'answeredAt' | 'night' | 'holds'> }) {
  const { t } = useI18n();
  const onHold = call.status === 'answered' && call.holds.some((h) => h.end === null);
  const main =
    call.status === 'ringing' ? (
      <Tag color="orange">{t('calls.status.ringing')}</Tag>
    ) : call.status === 'answered' ? (
      <Tag color="blue">{onHold ? t('calls.onHold') : t('calls.status.answered')}</Tag>
    ) : call.abandoned ? (
      <Tag color="red">{t('calls.outcome.abandoned')}</Tag>
    ) : call.answeredAt ? (
      <Tag color="green">{t('calls.outcome.answered')}</Tag>
    ) : (
      <Tag color="volcano">{t('calls.outcome.unanswered')}</Tag>
    );
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {main}
      {call.night && <Tag color="purple">{t('calls.night')}</Tag>}
    </span>
  );
}

/** The call's QA score, linking to its scorecard; red for a fatal finding or a failing score. */
export function QaTag({ call }: { call: Pick<Call, 'qaTranscriptId' | 'qaScore' | 'qaFatal'> }) {
  const { t } = useI18n();
  if (!call.qaTranscriptId) return <span>—</span>;
  const to = `/qa/${encodeURIComponent(call.qaTranscriptId)}`;
  if (call.qaScore === null)
    return (
      <Link to={to}>
        <Tag>{t('calls.qaPending')}</Tag>
      </Link>
    );
  const bad = call.qaFatal || call.qaScore < 60;
  return (
    <Link to={to} data-testid="call-qa-link">
      <Tag color={bad ? 'red' : call.qaScore < 85 ? 'gold' : 'green'}>
        {call.qaFatal ? `${t('calls.qaFatal')} ` : ''}
        {call.qaScore}
      </Tag>
    </Link>
  );
}
