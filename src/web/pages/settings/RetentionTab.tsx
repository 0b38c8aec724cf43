import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { RETENTION_LIMITS, retentionKeys, type RetentionPolicy } from '../../../shared/retention.js';
import { api, ApiError } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

const labels: Record<keyof RetentionPolicy, { label: MessageKey; help: MessageKey }> = {
  jobsDays: { label: 'retention.jobs', help: 'retention.jobsHelp' },
  ctiEventsDays: { label: 'retention.ctiEvents', help: 'retention.ctiEventsHelp' },
  domainEventsDays: { label: 'retention.domainEvents', help: 'retention.domainEventsHelp' },
  agentFactsDays: { label: 'retention.agentFacts', help: 'retention.agentFactsHelp' },
  callerTextsDays: { label: 'retention.callerTexts', help: 'retention.callerTextsHelp' },
  loginDays: { label: 'retention.login', help: 'retention.loginHelp' },
  auditDays: { label: 'retention.audit', help: 'retention.auditHelp' },
};

/**
 * 数据保留: how long the organisation keeps the logs that grow with traffic (GET/PUT /api/retention,
 * admins only). The hourly housekeeping deletes older rows; calls, tickets, QA results and reports stay.
 */
export function RetentionTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<RetentionPolicy>();
  const policy = useQuery({ queryKey: keys.retention, queryFn: () => api('GET /api/retention') });
  // the stored setting until the admin flips the switch
  const [keepAuditChoice, setKeepAudit] = useState<boolean | null>(null);
  const keepAudit = keepAuditChoice ?? (policy.data ? policy.data.auditDays === null : true);
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  const save = useMutation({
    mutationFn: (p: RetentionPolicy) => api('PUT /api/retention', { json: p }),
    onSuccess: (p) => {
      void message.success(t('settings.saved'));
      qc.setQueryData(keys.retention, p);
    },
    onError: (err) => void message.error(err instanceof ApiError && err.status === 400 ? t('retention.invalid') : t('retention.saveFailed')),
  });
  if (policy.isError) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  const defaults = policy.data?.defaults;
  const days = t('retention.days');
  return (
    <div data-testid="retention-tab" style={{ maxWidth: 720 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('retention.intro')} />
      <Form<RetentionPolicy>
        form={form}
        layout="vertical"
        disabled={policy.isPending}
        onFinish={(v) => save.mutate({ ...v, auditDays: keepAudit ? null : (v.auditDays ?? RETENTION_LIMITS.auditDays.min) })}
      >
        {retentionKeys
          .filter((k) => k !== 'auditDays')
          .map((k) => (
            <Form.Item
              key={k}
              name={k}
              label={t(labels[k].label)}
              extra={`${t(labels[k].help)} ${t('retention.default').replace('{n}', String(defaults?.[k] ?? ''))}`}
              rules={[{ required: true, type: 'integer', min: RETENTION_LIMITS[k].min, max: RETENTION_LIMITS[k].max, message: t('retention.range').replace('{min}', String(RETENTION_LIMITS[k].min)).replace('{max}', String(RETENTION_LIMITS[k].max)) }]}
            >
              <InputNumber data-testid={`retention-${k}`} min={RETENTION_LIMITS[k].min} max={RETENTION_LIMITS[k].max} precision={0} addonAfter={days} style={{ width: 200 }} />
            </Form.Item>
          ))}
        <Form.Item label={t(labels.auditDays.label)} extra={t(labels.auditDays.help)}>
          <Space>
            <Switch data-testid="retention-keep-audit" checked={keepAudit} onChange={setKeepAudit} checkedChildren={t('retention.keepForever')} unCheckedChildren={t('retention.limited')} />
            {!keepAudit && (
              <Form.Item name="auditDays" noStyle rules={[{ required: true, type: 'integer', min: RETENTION_LIMITS.auditDays.min, max: RETENTION_LIMITS.auditDays.max }]}>
                <InputNumber data-testid="retention-auditDays" min={RETENTION_LIMITS.auditDays.min} max={RETENTION_LIMITS.auditDays.max} precision={0} addonAfter={days} style={{ width: 200 }} />
              </Form.Item>
            )}
          </Space>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="retention-save">
            {t('retention.save')}
          </Button>
          <Typography.Text type="secondary">{policy.data?.updatedAt ? `${t('retention.updatedAt')} ${new Date(policy.data.updatedAt).toLocaleString(lang)}` : t('retention.usingDefaults')}</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}
