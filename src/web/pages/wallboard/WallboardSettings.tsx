import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Space, Typography } from 'antd';
import { wallboardThresholdsSchema, type WallboardThresholds } from '../../../shared/kpi/wallboard.js';
import { api, ApiError } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

const metrics = ['waitingCalls', 'longestWaitSec', 'serviceLevel', 'abandonRate', 'overdueTickets'] as const;
/** Rates are edited as percentages. */
const percent = new Set<string>(['serviceLevel', 'abandonRate']);

/** Admins and managers set when each wallboard figure turns amber and red. */
export function WallboardSettings({ thresholds, onClose }: { thresholds: WallboardThresholds; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const initial = Object.fromEntries(metrics.flatMap((m) => ['warn', 'alert'].map((k) => [`${m}.${k}`, percent.has(m) ? Math.round(thresholds[m][k as 'warn'] * 1000) / 10 : thresholds[m][k as 'warn']])));
  const save = useMutation({
    mutationFn: (v: WallboardThresholds) => api('PUT /api/wallboard/settings', { json: { thresholds: v } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.wallboard });
      void message.success(t('wallboard.saved'));
      onClose();
    },
    onError: (e) => void message.error(e instanceof ApiError && e.status === 400 ? t('wallboard.invalid') : t('wallboard.error')),
  });
  const submit = (v: Record<string, number>) => {
    const out = Object.fromEntries(metrics.map((m) => [m, { warn: percent.has(m) ? v[`${m}.warn`]! / 100 : v[`${m}.warn`]!, alert: percent.has(m) ? v[`${m}.alert`]! / 100 : v[`${m}.alert`]! }]));
    const parsed = wallboardThresholdsSchema.safeParse(out);
    if (!parsed.success) {
      void message.error(t('wallboard.invalid'));
      return;
    }
    save.mutate(parsed.data);
  };
  return (
    <Modal open title={t('wallboard.settings')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: save.isPending, 'data-testid': 'wallboard-settings-save' } as never} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('wallboard.settingsHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {metrics.map((m) => (
          <Form.Item key={m} label={t(`wallboard.metric.${m}`)} style={{ marginBottom: 12 }}>
            <Space>
              <Form.Item name={`${m}.warn`} noStyle rules={[{ required: true }]}>
                <InputNumber min={0} max={percent.has(m) ? 100 : 100000} addonBefore={t('wallboard.warn')} addonAfter={percent.has(m) ? '%' : undefined} data-testid={`wb-th-${m}-warn`} />
              </Form.Item>
              <Form.Item name={`${m}.alert`} noStyle rules={[{ required: true }]}>
                <InputNumber min={0} max={percent.has(m) ? 100 : 100000} addonBefore={t('wallboard.alert')} addonAfter={percent.has(m) ? '%' : undefined} data-testid={`wb-th-${m}-alert`} />
              </Form.Item>
            </Space>
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
