import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { Role } from '../../../shared/roles.js';
import { api } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

/** Who may mark an answer wrong (the route's access: corrections.routes.ts). */
const supervising: readonly Role[] = ['admin', 'manager', 'lead', 'inspector'];

/**
 * 答复有误，回拨更正 (seed 001: 不隐瞒差错): marks an answer given on the call as wrong with the right one;
 * the caller gets a callback task (reason 差错更正) due within the pack's limit. On the call's page (`callId`)
 * or on its QA scorecard (`transcriptId`).
 */
export function CorrectionButton({ callId, transcriptId, role, disabled }: { callId?: string; transcriptId?: string; role: Role; disabled?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const mark = useMutation({
    mutationFn: () =>
      callId
        ? api('POST /api/calls/:id/correction', { params: { id: callId }, json: { correction: text.trim() } })
        : api('POST /api/qa/results/:id/correction', { params: { id: transcriptId ?? '' }, json: { correction: text.trim() } }),
    onSuccess: () => {
      setOpen(false);
      setText('');
      void message.success(t('correction.done'));
      void qc.invalidateQueries({ queryKey: keys.callbacks.all });
    },
    onError: (err) => void message.error(err.message),
  });
  if (!supervising.includes(role)) return null;
  return (
    <>
      <Button icon={<UndoOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="call-correction">
        {t('correction.mark')}
      </Button>
      <Modal
        open={open}
        title={t('correction.mark')}
        onCancel={() => setOpen(false)}
        onOk={() => mark.mutate()}
        confirmLoading={mark.isPending}
        okText={t('correction.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: text.trim() === '', ...({ 'data-testid': 'call-correction-submit' } as Record<string, string>) }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('correction.hint')}</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('correction.placeholder')} data-testid="call-correction-text" />
      </Modal>
    </>
  );
}
