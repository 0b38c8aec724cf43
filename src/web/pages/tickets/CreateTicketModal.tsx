import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Pack } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

// Pack fields that the form has as columns of its own.
const columnFields = new Set(['caller-name', 'customer-name', 'contact-phone', 'address', 'description']);

/** Fields the pack requires for a (sub-)category beyond the ones the ticket form always has. */
export function requiredExtraFields(pack: Pack, category: string | undefined, subCategory: string | undefined) {
  const cat = pack.categories.find((c) => c.id === category);
  const sub = cat?.subCategories.find((x) => x.id === subCategory);
  const ids = [...new Set([...(cat?.requiredFields ?? []), ...(sub?.requiredFields ?? [])])].filter((f) => !columnFields.has(f));
  return ids.map((id) => pack.ticketFields.find((f) => f.id === id)).filter((f) => f !== undefined);
}

/** Form items (under `fields`) for the pack's required fields of the chosen (sub-)category. */
export function ExtraFieldItems({ pack, category, subCategory }: { pack: Pack; category: string | undefined; subCategory: string | undefined }) {
  return (
    <>
      {requiredExtraFields(pack, category, subCategory).map((f) => (
        <Form.Item key={f.id} name={['fields', f.id]} label={f.name} tooltip={f.hint} rules={[{ required: true }]}>
          {f.type === 'choice' ? (
            <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={`ticket-field-${f.id}`} />
          ) : f.type === 'longtext' ? (
            <Input.TextArea rows={2} data-testid={`ticket-field-${f.id}`} />
          ) : (
            <Input data-testid={`ticket-field-${f.id}`} />
          )}
        </Form.Item>
      ))}
    </>
  );
}

/** What a screen pop passes to the form (/tickets?new=1&callerPhone=…&callId=…): the caller's number and the call to link. */
export interface TicketPrefill {
  callerPhone?: string | undefined;
  callIds?: string[];
}

/** 受理: a new ticket with the pack's categories, priorities and the fields the chosen (sub-)category requires. */
export function CreateTicketModal({ pack, onClose, initial }: { pack: Pack; onClose: () => void; initial?: TicketPrefill }) {
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
      const callIds = initial?.callIds?.length ? { callIds: initial.callIds } : {};
      return api('POST /api/tickets', { json: { ...present(rest), fields: present(fields ?? {}), ...callIds } });
    },
    onSuccess: (r) => {
      void message.success(labelled(t, t('tk.created'), r.number));
      void qc.invalidateQueries({ queryKey: keys.tickets.all });
      onClose();
      navigate(`/tickets/${r.id}`);
    },
    onError: (err) => setError(err.message),
  });
  const subCategory = Form.useWatch<string | undefined>('subCategory', form);
  const subs = pack.categories.find((c) => c.id === category)?.subCategories ?? [];
  return (
    <Modal open width={640} title={t('tk.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} okButtonProps={{ ...({ 'data-testid': 'ticket-save' } as Record<string, string>) }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial?.callerPhone ? { callerPhone: initial.callerPhone } : undefined} onFinish={(v: Record<string, unknown>) => create.mutate(v)}>
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
        {pack.callerTexts && (
          <Form.Item name="textsOptOut" valuePropName="checked">
            <Checkbox data-testid="ticket-texts-opt-out">{t('tk.texts.optOutAtIntake')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="title" label={t('tk.title')}>
          <Input data-testid="ticket-title" />
        </Form.Item>
        <Form.Item name="description" label={t('tk.description')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} data-testid="ticket-description" />
        </Form.Item>
        <Form.Item name="address" label={t('tk.address')}>
          <Input data-testid="ticket-address" />
        </Form.Item>
        <ExtraFieldItems pack={pack} category={category} subCategory={subCategory} />
      </Form>
    </Modal>
  );
}
