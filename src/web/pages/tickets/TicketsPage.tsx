import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Pack } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useActivePack } from '../standards/api.js';
import { distance, statusLabel, type Ticket } from './api.js';

// Pack fields that the form has as columns of its own.
const columnFields = new Set(['caller-name', 'customer-name', 'contact-phone', 'address', 'description']);

const canCreate = (me: Me) => ['admin', 'manager', 'lead', 'agent'].includes(me.role);

/** Due countdown; red when overdue. Re-rendered by the list's refetch every 30 s. */
export function DueTag({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  const { t, lang } = useI18n();
  if (!dueAt) return <span>—</span>;
  const ms = new Date(dueAt).getTime() - Date.now();
  if (overdue || ms < 0) return <Tag color="red">{`${t('tk.overdue')} ${distance(ms, lang)}`}</Tag>;
  return <Tag color={ms < 4 * 3_600_000 ? 'orange' : 'blue'}>{`${distance(ms, lang)} ${t('tk.left')}`}</Tag>;
}

export function TicketsPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const pack = useActivePack();
  const [status, setStatus] = useState<string[]>([]);
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const params = new URLSearchParams();
  if (status.length) params.set('status', status.join(','));
  if (overdue) params.set('overdue', 'true');
  if (q) params.set('q', q);
  const query = params.toString();
  const list = useQuery({
    queryKey: ['tickets', query, page],
    queryFn: () => api<{ items: Ticket[]; total: number }>(`/api/tickets?${query}&limit=20&offset=${(page - 1) * 20}`),
    refetchInterval: 30_000,
  });
  const p = pack.data?.content;
  const categoryName = (id: string) => p?.categories.find((c) => c.id === id)?.name ?? id;
  const priorityName = (id: string) => p?.priorities.find((x) => x.id === id)?.name ?? id;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const empty = list.data?.total === 0 && !query;

  return (
    <div data-testid="page-tickets">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ marginTop: 0 }}>{t('menu.tickets')}</h2>
        <Space>
          <Button icon={<DownloadOutlined />} href={`/api/tickets.xlsx?${query}`}>
            {t('tk.export')}
          </Button>
          {canCreate(me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-ticket" disabled={!p}>
              {t('tk.new')}
            </Button>
          )}
        </Space>
      </Space>
      {!p && !pack.isPending && canCreate(me) && <Alert type="info" showIcon title={t('tk.noPack')} style={{ marginBottom: 12 }} />}
      {empty ? (
        <EmptyState title={t('empty.tickets.title')} body={t('empty.tickets.body')} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('tk.status')}
              style={{ minWidth: 220 }}
              value={status}
              onChange={(v) => {
                setPage(1);
                setStatus(v);
              }}
              options={['accepted', 'dispatched', 'signed', 'in_progress', 'replied', 'reviewed', 'callback', 'returned', 'suspended', 'archived'].map((s) => ({ value: s, label: statusLabel(s, lang) }))}
            />
            <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
              {t('tk.overdueOnly')}
            </Checkbox>
            <Input.Search allowClear placeholder={t('tk.search')} style={{ width: 240 }} onSearch={(v) => setQ(v)} />
          </Space>
          <Table<Ticket>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t('tk.number'), dataIndex: 'number', render: (v: string, r) => <Link to={`/tickets/${r.id}`}>{v}</Link> },
              { title: t('tk.title'), dataIndex: 'title', ellipsis: true },
              { title: t('tk.category'), dataIndex: 'category', render: (v: string) => categoryName(v) },
              { title: t('tk.priority'), dataIndex: 'priority', render: (v: string) => <Tag color="volcano">{priorityName(v)}</Tag> },
              {
                title: t('tk.status'),
                dataIndex: 'status',
                render: (v: string, r) => (
                  <Space size={2}>
                    <Tag>{statusLabel(v, lang)}</Tag>
                    {r.supervised && <Tag color="red">{t('tk.supervised')}</Tag>}
                  </Space>
                ),
              },
              { title: t('tk.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
              { title: t('tk.nextDue'), key: 'due', render: (_: unknown, r) => <DueTag dueAt={r.nextDueAt} overdue={r.overdue} /> },
            ]}
          />
        </>
      )}
      {creating && p && <CreateTicketModal pack={p} onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateTicketModal({ pack, onClose }: { pack: Pack; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const category = Form.useWatch<string | undefined>('category', form);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const { fields, ...rest } = v as { fields?: Record<string, unknown> };
      const present = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== ''));
      return api<{ id: string; number: string }>('/api/tickets', { method: 'POST', json: { ...present(rest), fields: present(fields ?? {}) } });
    },
    onSuccess: (r) => {
      void message.success(`${t('tk.created')}: ${r.number}`);
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      onClose();
      navigate(`/tickets/${r.id}`);
    },
    onError: (err) => setError(err.message),
  });
  const subCategory = Form.useWatch<string | undefined>('subCategory', form);
  const cat = pack.categories.find((c) => c.id === category);
  const subs = cat?.subCategories ?? [];
  // Fields the pack requires for this (sub-)category beyond the ones the form always has.
  const extraIds = [...new Set([...(cat?.requiredFields ?? []), ...(subs.find((x) => x.id === subCategory)?.requiredFields ?? [])])].filter((f) => !columnFields.has(f));
  const extra = extraIds.map((id) => pack.ticketFields.find((f) => f.id === id)).filter((f) => f !== undefined);
  return (
    <Modal open width={640} title={t('tk.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} okButtonProps={{ ...({ 'data-testid': 'ticket-save' } as Record<string, string>) }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => create.mutate(v)}>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="category" label={t('tk.category')} rules={[{ required: true }]} style={{ width: 180 }}>
            <Select data-testid="ticket-category" options={pack.categories.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="subCategory" label={t('tk.subCategory')} style={{ width: 180 }}>
            <Select allowClear disabled={subs.length === 0} options={subs.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
          <Form.Item name="priority" label={t('tk.priority')} style={{ width: 180 }}>
            <Select allowClear options={pack.priorities.map((p) => ({ value: p.id, label: `${p.name} · ${p.label}` }))} />
          </Form.Item>
        </Space>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="callerName" label={t('tk.callerName')} style={{ width: 200 }}>
            <Input data-testid="ticket-caller-name" />
          </Form.Item>
          <Form.Item name="callerPhone" label={t('tk.callerPhone')} style={{ width: 200 }}>
            <Input data-testid="ticket-caller-phone" />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('tk.title')}>
          <Input data-testid="ticket-title" />
        </Form.Item>
        <Form.Item name="description" label={t('tk.description')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} data-testid="ticket-description" />
        </Form.Item>
        <Form.Item name="address" label={t('tk.address')}>
          <Input data-testid="ticket-address" />
        </Form.Item>
        {extra.map((f) => (
          <Form.Item key={f.id} name={['fields', f.id]} label={f.name} tooltip={f.hint} rules={[{ required: true }]}>
            {f.type === 'choice' ? (
              <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />
            ) : f.type === 'longtext' ? (
              <Input.TextArea rows={2} data-testid={`ticket-field-${f.id}`} />
            ) : (
              <Input data-testid={`ticket-field-${f.id}`} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
