import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Result, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { roles, type Role } from '../../shared/roles.js';
import { api, ApiError, type Answer, type Body } from '../api.js';
import type { Me } from '../auth.js';
import { ErrorState } from '../components/States.js';
import { useI18n } from '../i18n/index.js';
import { Time } from '../components/Time.js';
import { OptOutsTab, optOutRoles } from './settings/OptOutsTab.js';
import { OrgProfileTab } from './settings/OrgProfileTab.js';
import { PermissionsTab } from './settings/PermissionsTab.js';
import { QueuesTab } from './settings/QueuesTab.js';
import { auditActionLabel, auditActorLabel, auditEntityLabel } from '../../shared/labels/audit.js';
import { ticketWorkflow } from '../../shared/tickets/pack-workflow.js';
import { useActivePack } from './standards/api.js';
import { RetentionTab } from './settings/RetentionTab.js';
import { keys } from '../queryKeys.js';

type UserRow = Answer<'GET /api/users'>['items'][number];
type AuditRow = Answer<'GET /api/audit'>['items'][number];

export function SettingsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  if (!me.sections.includes('settings')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  return (
    <div data-testid="page-settings">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ marginTop: 0 }}>{t('menu.settings')}</h2>
        <Link to="/settings/calendar" data-testid="settings-calendar-link">
          <Button icon={<CalendarOutlined />}>{t('tk.calp.title')}</Button>
        </Link>
      </Space>
      <Tabs
        items={[
          { key: 'users', label: t('settings.users'), children: <UsersTab me={me} /> },
          { key: 'queues', label: t('queues.tab'), children: <QueuesTab me={me} /> },
          { key: 'profile', label: t('org.tab'), children: <OrgProfileTab me={me} /> },
          ...(optOutRoles.includes(me.role) ? [{ key: 'opt-outs', label: t('optOuts.tab'), children: <OptOutsTab me={me} /> }] : []),
          ...(me.role === 'admin' ? [{ key: 'retention', label: t('retention.tab'), children: <RetentionTab /> }] : []),
          { key: 'permissions', label: t('settings.permissions'), children: <PermissionsTab me={me} /> },
          { key: 'audit', label: t('settings.audit'), children: <AuditTab /> },
        ]}
      />
    </div>
  );
}

function UsersTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const users = useQuery({ queryKey: keys.users, queryFn: () => api('GET /api/users') });
  const toggle = useMutation({
    mutationFn: (u: UserRow) => api('PATCH /api/users/:id', { params: { id: u.id }, json: { active: !u.active } }),
    onSuccess: () => {
      void message.success(t('settings.saved'));
      void qc.invalidateQueries({ queryKey: keys.users });
    },
    onError: (err) => void message.error(err.message),
  });
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  const isAdmin = me.role === 'admin';
  return (
    <>
      {isAdmin && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 16 }} data-testid="add-user">
          {t('settings.addUser')}
        </Button>
      )}
      <Table<UserRow>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('login.username'), dataIndex: 'username' },
          { title: t('settings.displayName'), dataIndex: 'displayName' },
          { title: t('settings.role'), dataIndex: 'role', render: (r: Role) => <Tag>{t(`role.${r}`)}</Tag> },
          { title: t('agentNo'), dataIndex: 'agentNo', render: (v: string | null) => v ?? '—' },
          {
            title: t('settings.active'),
            dataIndex: 'active',
            render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('settings.activeYes') : t('settings.activeNo')}</Tag>,
          },
          { title: t('settings.createdAt'), dataIndex: 'createdAt', render: (v: string) => <Time value={v} /> },
          ...(isAdmin
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, u: UserRow) =>
                    u.id === me.id ? null : (
                      <Button size="small" onClick={() => toggle.mutate(u)}>
                        {u.active ? t('settings.deactivate') : t('settings.activate')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <AddUserModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

function AddUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Body<'POST /api/users'>>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Body<'POST /api/users'>) => api('POST /api/users', { json: { ...v, agentNo: v.agentNo || undefined } }),
    onSuccess: () => {
      void message.success(t('settings.userCreated'));
      void qc.invalidateQueries({ queryKey: keys.users });
      form.resetFields();
      setError(null);
      onClose();
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : String(err)),
  });
  return (
    <Modal open={open} title={t('settings.addUser')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      {error && <div style={{ color: '#cf1322', marginBottom: 12 }}>{error}</div>}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label={t('settings.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('settings.role')} rules={[{ required: true }]}>
          <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="agentNo" label={t('agentNo')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AuditTab() {
  const { t, lang } = useI18n();
  const audit = useQuery({ queryKey: keys.audit, queryFn: () => api('GET /api/audit', { query: 'limit=200' }) });
  const pack = useActivePack();
  // ticket actions are the workflow's: named as the active standard names them
  const workflow = ticketWorkflow(pack.data?.content);
  const ticketAction = (action: string) => workflow.transitions.find((x) => x.action === action)?.labels[lang];
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
  return (
    <Table<AuditRow>
      rowKey="id"
      size="small"
      loading={audit.isPending}
      dataSource={audit.data?.items ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: t('audit.at'), dataIndex: 'at', render: (v: string) => <Time value={v} /> },
        { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string) => auditActorLabel(v, lang) },
        { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Tag title={v}>{auditActionLabel(v, lang, ticketAction)}</Tag> },
        {
          title: t('audit.entity'),
          key: 'entity',
          render: (_: unknown, r: AuditRow) => (
            <span title={`${r.entityType} ${r.entityId}`}>{[auditEntityLabel(r.entityType, lang), r.entityName].filter(Boolean).join(' ')}</span>
          ),
        },
      ]}
    />
  );
}
