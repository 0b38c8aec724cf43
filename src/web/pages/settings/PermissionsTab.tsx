import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { roles, type Role } from '../../../shared/roles.js';
import { api, ApiError } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

/**
 * 权限: what the organisation grants to roles besides what each role sees. Bulk export of calls and tickets (with
 * callers' numbers) is admin's and manager's unless an admin grants it to others here; admin always keeps it.
 * Managers see the setting read-only; every change and every export is written to the audit log.
 */
export function PermissionsTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.permissions, queryFn: () => api('GET /api/permissions') });
  const exportRow = list.data?.items.find((p) => p.permission === 'export');
  // what the admin ticked and has not saved yet; null: as stored
  const [draft, setDraft] = useState<Role[] | null>(null);
  const chosen = draft ?? exportRow?.roles ?? [];
  const setChosen = (next: Role[]) => setDraft(next);
  const save = useMutation({
    mutationFn: (next: Role[]) => api('PUT /api/permissions/:permission', { params: { permission: 'export' }, json: { roles: next } }),
    onSuccess: () => {
      void message.success(t('settings.saved'));
      setDraft(null);
      void qc.invalidateQueries({ queryKey: keys.permissions });
      void qc.invalidateQueries({ queryKey: keys.me });
    },
    onError: (err) => void message.error(err instanceof ApiError && err.status === 403 ? t('perm.err.forbidden') : t('perm.err.failed')),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const canEdit = me.role === 'admin';
  const changed = exportRow !== undefined && chosen.join() !== exportRow.roles.join();
  return (
    <div data-testid="permissions-tab">
      {!canEdit && <Alert type="info" showIcon title={t('perm.readOnly')} style={{ marginBottom: 16 }} />}
      <Card title={t('perm.export.title')} loading={list.isPending}>
        <Typography.Paragraph type="secondary">{t('perm.export.hint')}</Typography.Paragraph>
        <Checkbox.Group
          data-testid="perm-export-roles"
          value={chosen}
          disabled={!canEdit}
          onChange={(v) => setChosen(roles.filter((r) => r === 'admin' || v.includes(r)))}
          options={roles.map((r) => ({ value: r, label: <span data-testid={`perm-export-${r}`}>{t(`role.${r}`)}</span>, disabled: r === 'admin' }))}
        />
        <Space style={{ marginTop: 16 }}>
          {exportRow?.isDefault && <Tag>{t('perm.default')}</Tag>}
          {canEdit && (
            <>
              <Button type="primary" disabled={!changed} loading={save.isPending} onClick={() => save.mutate(chosen)} data-testid="perm-export-save">
                {t('common.save')}
              </Button>
              <Button disabled={!exportRow || chosen.join() === exportRow.defaultRoles.join()} onClick={() => exportRow && setChosen(exportRow.defaultRoles)} data-testid="perm-export-reset">
                {t('perm.reset')}
              </Button>
            </>
          )}
        </Space>
      </Card>
    </div>
  );
}
