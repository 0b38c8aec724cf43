import { Alert, Tag } from 'antd';
import { Link } from 'react-router';
import type { Me } from '../../auth.js';
import { useI18n } from '../../i18n/index.js';
import { countdown, useNow, useSlaCoverage } from './api.js';

/**
 * A live countdown to a ticket's nearest time limit, ticking every second: blue with time to spare, orange under
 * four hours, red and counting up once a limit has passed (`overdueSince`).
 */
export function DueTag({ dueAt, overdue, overdueSince }: { dueAt: string | null; overdue: boolean; overdueSince?: string | null }) {
  const { t, lang } = useI18n();
  const now = useNow(1000);
  const passed = overdueSince ?? (dueAt && new Date(dueAt).getTime() < now ? dueAt : null);
  if ((overdue || passed) && passed) {
    return (
      <Tag color="red" data-testid="due-countdown" data-overdue="true">
        {`${t('tk.overdue')} ${countdown(now - new Date(passed).getTime(), lang)}`}
      </Tag>
    );
  }
  if (!dueAt) return <span>—</span>;
  const ms = new Date(dueAt).getTime() - now;
  return (
    <Tag color={ms < 4 * 3_600_000 ? 'orange' : 'blue'} data-testid="due-countdown">
      {`${t('tk.left')} ${countdown(ms, lang)}`}
    </Tag>
  );
}

/**
 * Shown on the tickets pages while this year or the next has no built-in holiday data and no overrides: deadlines
 * then count Monday–Friday only, which is wrong around the holidays until someone enters them.
 */
/** Shown only to those who can fill the calendar in (admin, manager): the others cannot act on it. */
export function CoverageBanner({ me }: { me: Me }) {
  const { t } = useI18n();
  const coverage = useSlaCoverage();
  const missing = (coverage.data?.years ?? []).filter((y) => y.coverage === 'fallback').map((y) => y.year);
  const canEdit = me.role === 'admin' || me.role === 'manager';
  if (!missing.length || !canEdit) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-coverage-banner"
      style={{ marginBottom: 12 }}
      title={t('tk.cov.title').replace('{years}', missing.join('、'))}
      description={
        <span>
          {t('tk.cov.body')}{' '}
          <Link to="/settings/calendar">{t('tk.cov.edit')}</Link>
        </span>
      }
    />
  );
}
