import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import type { Pack } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import type { TicketDetail } from './api.js';
import { keys } from '../../queryKeys.js';
import { ExtraFieldItems } from './CreateTicketModal.js';

interface Values {
  category: string;
  subCategory?: string | null;
  priority?: string;
  title: string;
  description: string;
  address?: string | null;
  tags: string[];
  /** The pack's fields the (sub-)category requires (区域类型 …), as in 受理. */
  fields?: Record<string, string | number | boolean>;
}

/**
 * Changes a ticket's classification, its text and the pack fields its category requires (PATCH /api/tickets/:id). The
 * server checks them against the pack again and plans the running time limits anew from their start when the category
 * or priority changes, and a repair's arrival limit when its 区域类型 does (until the arrival is recorded).
 */
export function EditTicketModal({ ticket, pack, onClose }: { ticket: TicketDetail; pack: Pack; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const category = Form.useWatch('category', form) ?? ticket.category;
  const subCategory = (Form.useWatch('subCategory', form) as string | null | undefined) ?? undefined;
  const subs = pack.categories.find((c) => c.id === category)?.subCategories ?? [];
  const save = useMutation({
    mutationFn: (v: Values) => {
      const changed: Record<string, unknown> = {};
      if (v.category !== ticket.category) changed.category = v.category;
      if ((v.subCategory ?? null) !== ticket.subCategory) changed.subCategory = v.subCategory ?? null;
      if (v.priority && v.priority !== ticket.priority) changed.priority = v.priority;
      if (v.title !== ticket.title) changed.title = v.title;
      if (v.description !== ticket.description) changed.description = v.description;
      if ((v.address || null) !== ticket.address) changed.address = v.address || null;
      if (v.tags.join('\n') !== ticket.tags.join('\n')) changed.tags = v.tags;
      const fields = { ...ticket.fields, ...v.fields };
      if (Object.entries(fields).some(([k, x]) => ticket.fields[k] !== x)) changed.fields = fields;
      if (Object.keys(changed).length === 0) return Promise.resolve(null);
      return api('PATCH /api/tickets/:id', { params: { id: ticket.id }, json: changed });
    },
    onSuccess: (r) => {
      if (r) void message.success(t('tk.edit.saved'));
      void qc.invalidateQueries({ queryKey: keys.ticket.one(ticket.id) });
      void qc.invalidateQueries({ queryKey: keys.tickets.all });
      onClose();
    },
    onError: (err) => setError(err.message),
  });
  return (
    <Modal
      open
      width={640}
      title={`${t('tk.edit.title')} · ${ticket.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ ...({ 'data-testid': 'ticket-edit-save' } as Record<string, string>) }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Alert type="info" showIcon title={t('tk.edit.replanHint')} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ category: ticket.category, subCategory: ticket.subCategory, priority: ticket.priority, title: ticket.title, description: ticket.description, address: ticket.address, tags: ticket.tags, fields: ticket.fields }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="category" label={t('tk.category')} rules={[{ required: true }]} style={{ width: 180 }}>
            <Select onChange={() => form.setFieldsValue({ subCategory: null, priority: undefined })} options={pack.categories.map((c) => ({ value: c.id, label: c.name }))} data-testid="ticket-edit-category" />
          </Form.Item>
          <Form.Item name="subCategory" label={t('tk.subCategory')} style={{ width: 180 }}>
            <Select allowClear disabled={subs.length === 0} options={subs.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
          <Form.Item name="priority" label={t('tk.priority')} style={{ width: 180 }} extra={t('tk.edit.priorityHint')}>
            <Select allowClear options={pack.priorities.map((p) => ({ value: p.id, label: `${p.name} · ${p.label}` }))} data-testid="ticket-edit-priority" />
          </Form.Item>
        </Space>
        <ExtraFieldItems pack={pack} category={category} subCategory={subCategory} />
        <Form.Item name="title" label={t('tk.title')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('tk.description')}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="address" label={t('tk.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="tags" label={t('tk.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，']} maxCount={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
