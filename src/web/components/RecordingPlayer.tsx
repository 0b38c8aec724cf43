import { Alert, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/index.js';

/**
 * 录音: the call's recording as the switch reported it. A player that cannot load its file (the switch's
 * recording server is out of reach, the file is gone, or the page may not load media from that address)
 * would sit at 0:00 / 0:00 saying nothing; here it says so and offers the link instead. Without a
 * recording it says there is none.
 */
export function RecordingPlayer({ url }: { url: string | null }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ url: string | null; status: 'loading' | 'ready' | 'failed' }>({ url, status: 'loading' });
  // a new call's recording starts loading afresh
  const status = state.url === url ? state.status : 'loading';
  if (!url)
    return (
      <Typography.Text type="secondary" data-testid="call-recording-none">
        {t('calls.detail.noRecording')}
      </Typography.Text>
    );
  return (
    <div data-testid="call-recording-player" data-status={status}>
      <audio
        controls
        preload="metadata"
        src={url}
        style={{ width: '100%', display: status === 'failed' ? 'none' : undefined }}
        onLoadedMetadata={() => setState({ url, status: 'ready' })}
        onError={() => setState({ url, status: 'failed' })}
        data-testid="call-recording"
      />
      {status === 'loading' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calls.recording.loading')}
        </Typography.Text>
      )}
      {status === 'failed' && (
        <Alert
          type="warning"
          showIcon
          data-testid="call-recording-failed"
          title={t('calls.recording.failed')}
          description={
            <span>
              {t('calls.recording.failedHint')}{' '}
              <a href={url} target="_blank" rel="noreferrer" data-testid="call-recording-link">
                {t('calls.recording.open')}
              </a>
            </span>
          }
        />
      )}
    </div>
  );
}
