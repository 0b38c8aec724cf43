import { Button, Empty, Result } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

/** What a page shows when it has nothing yet: what will be here and why. */
export function EmptyState({ title, body, extra }: { title: string; body: string; extra?: ReactNode }) {
  return (
    <Empty
      data-testid="empty-state"
      style={{ padding: '64px 24px', maxWidth: 560, margin: '0 auto' }}
      description={
        <div>
          <div style={{ fontSize: 18, fontWeight: 600, color: 'rgba(0,0,0,0.85)', marginBottom: 8 }}>{title}</div>
          <div style={{ color: 'rgba(0,0,0,0.55)', lineHeight: 1.8 }}>{body}</div>
        </div>
      }
    >
      {extra}
    </Empty>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('common.error')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
