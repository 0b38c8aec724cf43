import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { api, ApiError, type Answer } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { paren } from '../../i18n/compose.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { Queue } from '../calls/api.js';
import { keys } from '../../queryKeys.js';

/** A user as GET /api/users answers (the users tab shares the query). */
type UserRow = Answer<'GET /api/users'>['items'][number];

type Kind = Queue['kind'];
const kinds: readonly Kind[] = ['day', 'night', 'expert'];
const kindColors: Record<Kind, string> = { day: 'blue', night: 'purple', expert: 'gold' };
/** The same bound as the server's createQueueBody (code and name: 1 to 100 characters after trimming). */
const MAX_LEN = 100;

type T = (key: MessageKey) => string;

/** The server's refusal in words: the codes this tab can meet in the person's language, anything else as the server said it. */
function refusal(err: unknown, t: T, code?: string): string {
  if (err instanceof ApiError) {
    if (err.code === 'QUEUE_EXISTS') return t('queues.err.exists').replace('{code}', code ?? '');
    if (err.code === 'QUEUE_NOT_FOUND') return t('queues.err.notFound');
    if (err.code === 'USER_NOT_FOUND') return t('queues.err.userNotFound');
    if (err.status === 403) return t('queues.err.forbidden');
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** "工号 姓名" for a member, the way agents are named everywhere on a hotline. */
function memberLabel(u: UserRow | undefined, id: string): string {
  if (!u) return id.slice(0, 8);
  return u.agentNo ? `${u.agentNo} ${u.displayName}` : u.displayName;
}

/**
 * 班组 (queues / skill groups): which agents take which queue of the switch. The QA list filters by
 * team and the team board groups by queue from the same data. Admins create them and change members;
 * managers see them read-only.
 */
export function QueuesTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Queue | null>(null);
  const queues = useQuery({ queryKey: keys.queues, queryFn: () => api('GET /api/queues') });
  const users = useQuery({ queryKey: keys.users, queryFn: () => api('GET /api/users') });
  const byId = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u])), [users.data]);
  // The server lets admins and managers change queues (calls.routes.ts); so does the screen.
  const canEdit = me.role === 'admin' || me.role === 'manager';

  if (queues.isError) return <ErrorState error={queues.error} onRetry={() => void queues.refetch()} />;
  return (
    <div data-testid="queues-tab">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} align="start">
        <Typography.Text type="secondary">{t('queues.intro')}</Typography.Text>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="queue-add">
            {t('queues.add')}
          </Button>
        )}
      </Space>
      {!canEdit && <Alert type="info" showIcon title={t('queues.readOnly')} style={{ marginBottom: 16 }} />}
      <Table<Queue>
        rowKey="id"
        loading={queues.isPending}
        dataSource={queues.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('queues.empty') }}
        onRow={(q) => ({ 'data-testid': `queue-row-${q.code}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('queues.code'), dataIndex: 'code', width: 160, render: (v: string) => <Typography.Text code translate="no">{v}</Typography.Text> },
          { title: t('queues.name'), dataIndex: 'name', width: 200 },
          { title: t('queues.kind'), dataIndex: 'kind', width: 100, render: (k: Kind) => <Tag color={kindColors[k]}>{t(`queues.kind.${k}`)}</Tag> },
          {
            title: t('queues.members'),
            dataIndex: 'members',
            render: (ids: string[]) =>
              ids.length === 0 ? (
                <Typography.Text type="secondary">{t('queues.noMembers')}</Typography.Text>
              ) : (
                <Space size={[0, 4]} wrap>
                  {[...ids]
                    .sort((a, b) => memberLabel(byId.get(a), a).localeCompare(memberLabel(byId.get(b), b)))
                    .map((id) => (
                      <Tag key={id} color={byId.get(id)?.active === false ? 'default' : undefined}>
                        {memberLabel(byId.get(id), id)}
                      </Tag>
                    ))}
                </Space>
              ),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 120,
                  render: (_: unknown, q: Queue) => (
                    <Button size="small" onClick={() => setEditing(q)} data-testid={`queue-edit-${q.code}`}>
                      {t('queues.editMembers')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canEdit && (
        <>
          <CreateQueueModal open={adding} users={users.data?.items ?? []} onClose={() => setAdding(false)} />
          <EditMembersModal queue={editing} users={users.data?.items ?? []} onClose={() => setEditing(null)} />
        </>
      )}
    </div>
  );
}

/** Users with a 工号 can take calls; an inactive one stays listed only while already a member, so removing them is possible. */
function memberOptions(users: UserRow[], current: string[], t: T) {
  return users
    .filter((u) => u.agentNo && (u.active || current.includes(u.id)))
    .sort((a, b) => (a.agentNo ?? '').localeCompare(b.agentNo ?? '', undefined, { numeric: true }))
    .map((u) => ({ value: u.id, label: u.active ? memberLabel(u, u.id) : paren(t, memberLabel(u, u.id), t('queues.inactive')) }));
}

function MemberPicker({ users, current, value, onChange, testId }: { users: UserRow[]; current: string[]; value?: string[]; onChange?: (v: string[]) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <Select
      mode="multiple"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('queues.membersPlaceholder')}
      options={memberOptions(users, current, t)}
      value={value}
      onChange={onChange}
      data-testid={testId}
    />
  );
}

/** After a change the board, the call list's queue filter and the QA team filter read the new queues. */
function useInvalidateQueues() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: keys.queues });
    void qc.invalidateQueries({ queryKey: keys.agents.board });
    void qc.invalidateQueries({ queryKey: keys.qa.teams });
  };
}

interface CreateValues {
  code: string;
  name: string;
  kind: Kind;
  members?: string[];
}

function CreateQueueModal({ open, users, onClose }: { open: boolean; users: UserRow[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidateQueues();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: CreateValues) => api('POST /api/queues', { json: { code: v.code.trim(), name: v.name.trim(), kind: v.kind, members: v.members ?? [] } }),
    onSuccess: (q) => {
      void message.success(t('queues.created').replace('{name}', q.name));
      invalidate();
      form.resetFields();
      setError(null);
      onClose();
    },
    onError: (err, v) => setError(refusal(err, t, v.code.trim())),
  });
  const close = () => {
    setError(null);
    onClose();
  };
  const text = (required: MessageKey, tooLong: MessageKey) => [
    { required: true, whitespace: true, message: t(required) },
    { validator: (_: unknown, v: string | undefined) => ((v ?? '').trim().length > MAX_LEN ? Promise.reject(new Error(t(tooLong))) : Promise.resolve()) },
  ];
  return (
    <Modal
      open={open}
      title={t('queues.add')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'queue-create-ok' }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="queue-error" />}
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ kind: 'day', members: [] }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="code" label={t('queues.code')} extra={t('queues.codeHelp')} rules={text('queues.codeRequired', 'queues.codeTooLong')}>
          <Input autoComplete="off" data-testid="queue-code" />
        </Form.Item>
        <Form.Item name="name" label={t('queues.name')} rules={text('queues.nameRequired', 'queues.nameTooLong')}>
          <Input autoComplete="off" data-testid="queue-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('queues.kind')}>
          <Radio.Group optionType="button" options={kinds.map((k) => ({ value: k, label: t(`queues.kind.${k}`) }))} data-testid="queue-kind" />
        </Form.Item>
        <Form.Item name="members" label={t('queues.members')} extra={t('queues.membersHelp')}>
          <MemberPicker users={users} current={[]} testId="queue-members" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditMembersModal({ queue, users, onClose }: { queue: Queue | null; users: UserRow[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidateQueues();
  const [members, setMembers] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: { id: string; members: string[] }) => api('PUT /api/queues/:id/members', { params: { id: v.id }, json: { members: v.members } }),
    onSuccess: () => {
      void message.success(t('queues.membersSaved'));
      invalidate();
      close();
    },
    onError: (err) => setError(refusal(err, t)),
  });
  function close() {
    setMembers(null);
    setError(null);
    onClose();
  }
  const value = members ?? queue?.members ?? [];
  return (
    <Modal
      open={queue !== null}
      title={queue ? t('queues.editMembersTitle').replace('{name}', queue.name).replace('{code}', queue.code) : ''}
      onCancel={close}
      onOk={() => queue && save.mutate({ id: queue.id, members: value })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'queue-members-ok' }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="queue-error" />}
      <Typography.Paragraph type="secondary">{t('queues.membersHelp')}</Typography.Paragraph>
      <MemberPicker users={users} current={queue?.members ?? []} value={value} onChange={setMembers} testId="queue-members-edit" />
    </Modal>
  );
}
