import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, List, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../../api.js';
import { paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { formatProblem, problemsOf, type PackProblem } from './api.js';
import { keys } from '../../queryKeys.js';

/** Upload a pack's YAML files; errors are listed inline with file, line and column, and nothing is stored. */
export function UploadModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Array<{ name: string; text: string }>>([]);
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(true);
  const [problems, setProblems] = useState<PackProblem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () => api('POST /api/standards/versions', { json: { files, note: note || undefined, activate } }),
    onSuccess: (r) => {
      void message.success(r.unchanged ? t('std.unchanged') : `${t('std.saved')} v${r.version.version}`);
      void qc.invalidateQueries({ queryKey: keys.standards.all });
      setFiles([]);
      setProblems(null);
      onClose();
    },
    onError: (err) => {
      const p = problemsOf(err);
      setProblems(p);
      setError(p ? null : err.message);
    },
  });

  const pick = async (list: FileList | null) => {
    if (!list) return;
    setProblems(null);
    setError(null);
    setFiles(await Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() }))));
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('std.upload')}
      onCancel={onClose}
      okText={t('std.saveVersion')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: files.length === 0, ...({ 'data-testid': 'upload-save' } as Record<string, string>) }}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('std.uploadHint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <input ref={input} type="file" accept=".yaml,.yml" multiple hidden data-testid="upload-input" onChange={(e) => void pick(e.target.files)} />
        <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
          {t('std.chooseFiles')}
        </Button>
        {files.length > 0 && <Typography.Text>{files.map((f) => f.name).join(', ')}</Typography.Text>}
        <Input placeholder={t('std.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        <Checkbox checked={activate} onChange={(e) => setActivate(e.target.checked)}>
          {t('std.activateNow')}
        </Checkbox>
        {error && <Alert type="error" showIcon title={error} />}
        {problems && (
          <Alert
            data-testid="upload-errors"
            type="error"
            showIcon
            title={paren(t, t('std.errors'), problems.length)}
            description={
              <List
                size="small"
                dataSource={problems.slice(0, 200)}
                renderItem={(p) => (
                  <List.Item style={{ padding: '2px 0' }}>
                    <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>
                      {formatProblem(p)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            }
          />
        )}
      </Space>
    </Modal>
  );
}
