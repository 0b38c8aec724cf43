import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Answer } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { formatTime, useOrgTimeZone } from '../tickets/api.js';
import type { CtiConnection } from './api.js';
import { keys } from '../../queryKeys.js';

type Created = Answer<'POST /api/cti/connections'>;
/** The kinds an admin creates and sees (the workbench's own `manual` connection is never listed). */
type Kind = Exclude<CtiConnection['kind'], 'manual'>;

/** Where a switch sends its events for a connection, and a command to try it with. */
export function endpointOf(c: Pick<CtiConnection, 'kind'>, token: string, origin: string) {
  if (c.kind === 'zammad') {
    const url = `${origin}/api/cti/zammad/${token}`;
    return { url, curl: `curl -X POST '${url}' -d event=newCall -d from=13800138000 -d to=12345 -d direction=in -d callId=test-1 -d 'user[]=1024'` };
  }
  const url = `${origin}/api/cti/events`;
  const at = new Date().toISOString();
  const body = JSON.stringify({ eventId: 'test-1', callId: 'test-1', seq: 0, type: 'call.ringing', at, direction: 'in', from: '13800138000', to: '12345', queue: 'general' });
  return { url, curl: `curl -X POST '${url}' \\\n  -H 'Authorization: Bearer ${token}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'` };
}

/** 接入: the switches that send events, each with its own token (shown once) and a revoke button. */
export function ConnectionsTab() {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const list = useQuery({ queryKey: keys.ctiConnections, queryFn: () => api('GET /api/cti/connections') });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE /api/cti/connections/:id', { params: { id } }),
    onSuccess: () => {
      void message.success(t('calls.conn.revoked'));
      void qc.invalidateQueries({ queryKey: keys.ctiConnections });
    },
    onError: (err) => void message.error(err.message),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div data-testid="cti-connections">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="start">
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 720 }}>
          {t('calls.conn.intro')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="cti-new">
          {t('calls.conn.new')}
        </Button>
      </Space>
      <Table<CtiConnection>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('calls.conn.name'), dataIndex: 'name', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('calls.conn.kind'), dataIndex: 'kind', render: (v: Kind) => <Tag>{t(`calls.conn.kind.${v}`)}</Tag> },
          { title: t('calls.conn.token'), dataIndex: 'tokenHint', render: (v: string) => <Typography.Text code translate="no">{v}</Typography.Text> },
          { title: t('calls.conn.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, tz, lang) },
          { title: t('calls.conn.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatTime(v, tz, lang, true) : t('calls.conn.never')) },
          {
            title: t('calls.conn.state'),
            dataIndex: 'revokedAt',
            render: (v: string | null) => (v ? <Tag>{`${t('calls.conn.revokedAt')} ${formatTime(v, tz, lang)}`}</Tag> : <Tag color="green">{t('calls.conn.active')}</Tag>),
          },
          {
            title: '',
            key: 'act',
            render: (_: unknown, r) =>
              !r.revokedAt && (
                <Popconfirm title={t('calls.conn.revokeConfirm')} okText={t('calls.conn.revoke')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => revoke.mutate(r.id)}>
                  <Button size="small" danger data-testid={`cti-revoke-${r.name}`}>
                    {t('calls.conn.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            void qc.invalidateQueries({ queryKey: keys.ctiConnections });
          }}
        />
      )}
      {created && <TokenModal conn={created} onClose={() => setCreated(null)} />}
    </div>
  );
}

function CreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (c: Created) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; kind: Kind }>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: { name: string; kind: Kind }) => api('POST /api/cti/connections', { json: v }),
    onSuccess: onCreated,
    onError: (err) => setError(err.message),
  });
  return (
    <Modal
      open
      title={t('calls.conn.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'cti-save' } as Record<string, string>) }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'events' }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('calls.conn.name')} rules={[{ required: true, whitespace: true, message: t('calls.conn.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('calls.conn.namePlaceholder')} data-testid="cti-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('calls.conn.kind')}>
          <Radio.Group>
            <Space orientation="vertical">
              <Radio value="events" data-testid="cti-kind-events">
                {t('calls.conn.kind.events')} <Typography.Text type="secondary">{t('calls.conn.kind.events.hint')}</Typography.Text>
              </Radio>
              <Radio value="zammad" data-testid="cti-kind-zammad">
                {t('calls.conn.kind.zammad')} <Typography.Text type="secondary">{t('calls.conn.kind.zammad.hint')}</Typography.Text>
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The token, this once, with the address to give the switch and a command to try it. */
function TokenModal({ conn, onClose }: { conn: Created; onClose: () => void }) {
  const { t } = useI18n();
  const { url, curl } = endpointOf(conn, conn.token, window.location.origin);
  return (
    <Modal open title={`${t('calls.conn.created')} · ${conn.name}`} onCancel={onClose} footer={<Button type="primary" onClick={onClose} data-testid="cti-token-done">{t('calls.conn.stored')}</Button>} width={720} data-testid="cti-token-modal">
      <Alert type="warning" showIcon title={t('calls.conn.once')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('calls.conn.token')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: conn.token }} code data-testid="cti-token">
        {conn.token}
      </Typography.Paragraph>
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {conn.kind === 'zammad' ? t('calls.conn.zammadUrl') : t('calls.conn.webhookUrl')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: url }} code data-testid="cti-url">
        {url}
      </Typography.Paragraph>
      {conn.kind === 'events' && <Typography.Paragraph type="secondary">{t('calls.conn.bearer')}</Typography.Paragraph>}
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('calls.conn.tryIt')}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: curl }}>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, fontSize: 12 }}>{curl}</pre>
      </Typography.Paragraph>
    </Modal>
  );
}
