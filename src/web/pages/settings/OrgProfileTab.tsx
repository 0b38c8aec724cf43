import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Space, Spin } from 'antd';
import { useEffect } from 'react';
import { packIdentity } from '../../../shared/standards/identity.js';
import { renderScript } from '../../../shared/standards/render.js';
import { api, ApiError } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useActivePack } from '../standards/api.js';
import { useOrgProfile } from './orgProfile.js';
import { keys } from '../../queryKeys.js';

interface Values {
  name: string;
  city: string;
  hotline: string;
}

/**
 * 热线信息: the hotline's name, city and number. Scripts fill `{city}` and `{hotline}` from here (the
 * standard pack's own values when left empty), so the greeting agents read names this hotline. Admins
 * change it; everyone else sees it.
 */
export function OrgProfileTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const profile = useOrgProfile();
  const pack = useActivePack();
  const [form] = Form.useForm<Values>();
  const canEdit = me.role === 'admin';
  useEffect(() => {
    if (profile.data) form.setFieldsValue({ name: profile.data.name, city: profile.data.city ?? '', hotline: profile.data.hotline ?? '' });
  }, [profile.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) => api('PATCH /api/org/profile', { json: { name: v.name, city: v.city, hotline: v.hotline } }),
    onSuccess: () => {
      void message.success(t('settings.saved'));
      void qc.invalidateQueries({ queryKey: keys.orgProfile });
      void qc.invalidateQueries({ queryKey: keys.me });
    },
    onError: (err) => void message.error(err instanceof ApiError && err.status === 400 ? t('org.err.invalid') : err.message),
  });
  const city = Form.useWatch('city', form);
  const hotline = Form.useWatch('hotline', form);
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  if (profile.isPending) return <Spin />;
  const content = pack.data?.content ?? null;
  // what agents will read, as they will read it once saved
  const preview = content ? packIdentity(content, { city: city ?? null, hotline: hotline ?? null }) : null;
  return (
    <div style={{ maxWidth: 640 }} data-testid="org-profile">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('org.hint')} />
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="org-name" />
        </Form.Item>
        <Form.Item name="city" label={t('org.city')} extra={content?.identity.city ? t('org.packDefault').replace('{v}', content.identity.city) : undefined} rules={[{ max: 40 }]}>
          <Input data-testid="org-city" />
        </Form.Item>
        <Form.Item
          name="hotline"
          label={t('org.hotline')}
          extra={content ? t('org.packDefault').replace('{v}', content.identity.hotline) : undefined}
          rules={[{ pattern: /^(\+?[0-9][0-9 -]*[0-9])?$/, message: t('org.hotlineHint') }]}
        >
          <Input data-testid="org-hotline" />
        </Form.Item>
        {canEdit && (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="org-save">
              {t('common.save')}
            </Button>
          </Space>
        )}
      </Form>
      {preview && content && (
        <Descriptions style={{ marginTop: 24 }} size="small" column={1} bordered title={t('org.preview')}>
          <Descriptions.Item label={t('org.preview.org')}>
            <span data-testid="org-preview-org">{preview.org}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('org.preview.greeting')}>
            <span data-testid="org-preview-greeting">{renderScript(content.identity.greeting, { ...preview, agentId: me.agentNo ?? '1024', agentName: me.displayName })}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
