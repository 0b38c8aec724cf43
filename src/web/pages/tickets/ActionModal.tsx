import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.js';
import { labelled, paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { isReplyAction, satisfactionValues as satisfactions } from '../../../shared/tickets/workflow.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { useActivePack } from '../standards/api.js';
import type { TicketDetail } from './api.js';
import { keys } from '../../queryKeys.js';

type Action = TicketDetail['actions'][number];

/**
 * The dialog of a ticket action. What it asks for is what the workflow declares for the action (the `actions` of the
 * ticket: a department — another one for 改派 —, co-handling departments, the caller's satisfaction overall and per
 * department, extension days, a reason), so a pack's own actions get the same fields without code here.
 */
export function ActionModal({ ticket, action, onClose }: { ticket: TicketDetail; action: Action; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const asksDepartments = action.department !== null || action.coDepartments;
  // the reason of a department's answer (答复, 协办答复 or a pack's own) is the reply text
  const workflow = ticketWorkflow(useActivePack().data?.content ?? null);
  const replies = workflow.transitions.some((x) => x.action === action.action && isReplyAction(x));
  const departments = useQuery({ queryKey: keys.departments, queryFn: () => api('GET /api/departments'), enabled: asksDepartments });
  const lead = Form.useWatch<string | undefined>('departmentId', form);
  // 改派 goes to another department than the one working on it (or the one that returned it)
  const away = action.department === 'reassign' ? (ticket.departmentId ?? ticket.returnedBy?.departmentId ?? null) : null;
  const coHandlers = new Set(ticket.parts.filter((p) => p.role === 'co' && p.status !== 'lapsed').map((p) => p.departmentId));
  const options = (departments.data?.items ?? []).filter((d) => d.active !== false).map((d) => ({ value: d.id, label: d.name }));
  const rated = action.asksSatisfaction ? ticket.parts : [];
  // 催办: the lead, or a co-handler still at work
  const reminded = ticket.parts
    .filter((p) => p.role === 'lead' || p.status === 'dispatched' || p.status === 'signed')
    .map((p) => ({ value: p.departmentId, label: paren(t, p.departmentName, t(`tk.part.role.${p.role}`)) }));
  const run = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const { rating, ...rest } = v as { rating?: Record<string, string | undefined> };
      const departmentSatisfaction = Object.entries(rating ?? {}).flatMap(([departmentId, satisfaction]) => (satisfaction ? [{ departmentId, satisfaction }] : []));
      const body = { ...rest, ...(departmentSatisfaction.length > 0 && { departmentSatisfaction }) } as Record<string, unknown>;
      return api('POST /api/tickets/:id/actions/:action', {
        params: { id: ticket.id, action: action.action },
        json: Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0))),
      });
    },
    onSuccess: () => {
      void message.success(labelled(t, action.labels[lang] ?? action.action, t('tk.done')));
      void qc.invalidateQueries({ queryKey: keys.ticket.one(ticket.id) });
      void qc.invalidateQueries({ queryKey: keys.tickets.all });
      onClose();
    },
    onError: (err) => setError(err.message),
  });
  return (
    <Modal
      open
      title={action.labels[lang] ?? action.action}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      okButtonProps={{ ...({ 'data-testid': 'action-confirm' } as Record<string, string>) }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => run.mutate(v)} initialValues={{ departmentId: action.suggestedDepartmentId ?? undefined }}>
        {action.department !== null && (
          <Form.Item
            name="departmentId"
            label={action.coDepartments ? t('tk.leadDepartment') : t('tk.department')}
            rules={[{ required: true }]}
            extra={action.suggestedDepartmentId ? <Typography.Text type="secondary" data-testid="action-suggested">{t('tk.suggested')}</Typography.Text> : undefined}
          >
            <Select data-testid="action-department" options={options.filter((o) => o.value !== away && !coHandlers.has(o.value))} />
          </Form.Item>
        )}
        {action.notifiesDepartment && reminded.length > 1 && (
          <Form.Item name="departmentId" label={t('tk.remindDepartment')}>
            <Select data-testid="action-remind-department" allowClear placeholder={ticket.departmentName ?? undefined} options={reminded} />
          </Form.Item>
        )}
        {action.coDepartments && (
          <Form.Item name="coDepartmentIds" label={t('tk.coDepartments')}>
            <Select mode="multiple" allowClear data-testid="action-co-departments" options={options.filter((o) => o.value !== lead && !coHandlers.has(o.value))} />
          </Form.Item>
        )}
        {action.asksSatisfaction && (
          <Form.Item name="satisfaction" label={t('tk.satisfaction')} rules={action.requiresSatisfaction ? [{ required: true }] : []}>
            <Select data-testid="action-satisfaction" allowClear options={satisfactions.map((s) => ({ value: s, label: t(`tk.sat.${s}`) }))} />
          </Form.Item>
        )}
        {rated.length > 0 && (
          <Form.Item label={t('tk.departmentSatisfaction')} style={{ marginBottom: 0 }}>
            {rated.map((p) => (
              <Form.Item key={p.departmentId} name={['rating', p.departmentId]} label={paren(t, p.departmentName, t(`tk.part.role.${p.role}`))} style={{ marginBottom: 8 }}>
                <Select data-testid={`action-rating-${p.departmentId}`} allowClear options={satisfactions.map((s) => ({ value: s, label: t(`tk.sat.${s}`) }))} />
              </Form.Item>
            ))}
          </Form.Item>
        )}
        {action.asksExtension && (
          <Form.Item name="extensionDays" label={t('tk.extensionDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={replies ? t('tk.replyText') : t('tk.reason')} rules={action.requiresReason ? [{ required: true }] : []}>
          <Input.TextArea rows={3} data-testid="action-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
