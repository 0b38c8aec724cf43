import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Radio, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { countdown, formatTime, useOrgTimeZone } from '../tickets/api.js';
import { callbackOutcomes, useTicker, type CallbackTask } from './api.js';
import { keys } from '../../queryKeys.js';

type Status = CallbackTask['status'];
type Outcome = (typeof callbackOutcomes)[number];

/**
 * 回拨任务: missed and night calls to call back. Open ones come as the server orders them — night
 * calls first (the day shift starts with them), then by due time; overdue ones are red.
 */
const reasonColor: Record<CallbackTask['reason'], string> = { night: 'purple', abandoned: 'red', unanswered: 'volcano', correction: 'magenta', promised: 'geekblue' };

export function CallbacksTab() {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const now = useTicker(1000);
  const [status, setStatus] = useState<Status>('open');
  const [recording, setRecording] = useState<CallbackTask | null>(null);
  const list = useQuery({
    queryKey: keys.callbacks.list(status),
    queryFn: () => api('GET /api/callbacks', { query: `status=${status}&limit=500` }),
    refetchInterval: 60_000,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data ?? [];
  const overdue = status === 'open' ? items.filter((x) => new Date(x.dueAt).getTime() < now).length : 0;
  return (
    <div data-testid="callbacks">
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          options={(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`callback.status.${s}`) }))}
        />
        {status === 'open' && (
          <span>
            <Tag>{`${t('callback.count')} ${items.length}`}</Tag>
            {overdue > 0 && <Tag color="red">{`${t('callback.overdue')} ${overdue}`}</Tag>}
          </span>
        )}
      </Space>
      <Table<CallbackTask>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={items}
        data-testid="callbacks-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => (status === 'open' && new Date(r.dueAt).getTime() < now ? { style: { background: '#fff1f0' } } : {})}
        columns={[
          { title: t('callback.caller'), dataIndex: 'caller', render: (v: string | null) => <span style={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>{v ?? '—'}</span> },
          {
            title: t('callback.reason'),
            dataIndex: 'reason',
            render: (v: CallbackTask['reason'], r: CallbackTask) => (
              <>
                <Tag color={reasonColor[v]}>{t(`callback.reason.${v}`)}</Tag>
                {r.detail && <div style={{ fontSize: 12, color: '#595959', maxWidth: 360, whiteSpace: 'pre-wrap' }} data-testid="callback-detail">{r.detail}</div>}
              </>
            ),
          },
          {
            title: t('callback.calls'),
            dataIndex: 'callIds',
            render: (ids: string[]) => (
              <Space size={4} wrap>
                {ids.slice(0, 3).map((id, i) => (
                  <Link key={id} to={`/calls/${id}`}>{`#${i + 1}`}</Link>
                ))}
                {ids.length > 3 && <span>{`+${ids.length - 3}`}</span>}
              </Space>
            ),
          },
          { title: t('callback.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('callback.due'),
            dataIndex: 'dueAt',
            render: (v: string) => {
              const ms = new Date(v).getTime() - now;
              return (
                <Space size={4}>
                  <span>{formatTime(v, tz, lang)}</span>
                  {status === 'open' &&
                    (ms < 0 ? (
                      <Tag color="red" data-testid="callback-overdue">{`${t('callback.overdue')} ${countdown(ms, lang)}`}</Tag>
                    ) : (
                      <Tag color={ms < 30 * 60_000 ? 'orange' : 'blue'}>{`${t('callback.left')} ${countdown(ms, lang)}`}</Tag>
                    ))}
                </Space>
              );
            },
          },
          {
            // when the caller called (the first missed call's ringing), as the reports count it; the task's own record
            // time can be much later (a late CTI event, a demo loaded today) and is in the tooltip
            title: t('callback.firstCallAt'),
            dataIndex: 'firstCallAt',
            render: (v: string | null, r: CallbackTask) => (
              <span title={`${t('callback.createdAt')} ${formatTime(r.createdAt, tz, lang)}`} data-testid="callback-first-call">
                {formatTime(v ?? r.createdAt, tz, lang)}
              </span>
            ),
          },
          ...(status === 'open'
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_: unknown, r: CallbackTask) => (
                    <Button size="small" type="primary" ghost onClick={() => setRecording(r)} data-testid="callback-record">
                      {t('callback.record')}
                    </Button>
                  ),
                },
              ]
            : [
                { title: t('callback.outcome'), dataIndex: 'outcome', render: (v: string | null) => (v && (callbackOutcomes as readonly string[]).includes(v) ? t(`callback.outcome.${v as Outcome}`) : (v ?? '—')) },
                { title: t('callback.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
              ]),
        ]}
      />
      {recording && <AttemptModal task={recording} onClose={() => setRecording(null)} />}
    </div>
  );
}

function AttemptModal({ task, onClose }: { task: CallbackTask; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (chosen: Outcome) => api('POST /api/callbacks/:id/attempts', { params: { id: task.id }, json: { outcome: chosen, ...(note.trim() && { note: note.trim() }) } }),
    onSuccess: (r) => {
      void message.success(r.status === 'open' ? t('callback.savedOpen') : t('callback.savedClosed'));
      void qc.invalidateQueries({ queryKey: keys.callbacks.all });
      onClose();
    },
    onError: (err) => setError(err.message),
  });
  return (
    <Modal
      open
      title={`${t('callback.record')} · ${task.caller ?? ''}`}
      onCancel={onClose}
      onOk={() => outcome && save.mutate(outcome)}
      okButtonProps={{ disabled: !outcome, ...({ 'data-testid': 'callback-save' } as Record<string, string>) }}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label={t('callback.outcome')} required extra={`${t('callback.attemptsSoFar')} ${task.attempts}`}>
          <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
            {callbackOutcomes.map((o) => (
              <Radio.Button key={o} value={o} data-testid={`callback-outcome-${o}`}>
                {t(`callback.outcome.${o}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('callback.note')}>
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
