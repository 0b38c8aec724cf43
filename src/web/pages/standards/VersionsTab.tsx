import { auditActorLabel } from '../../../shared/labels/audit.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { Time } from '../../components/Time.js';
import { useVersions, type PackChange, type VersionSummary } from './api.js';
import { keys } from '../../queryKeys.js';

const kindColor = { added: 'green', removed: 'red', changed: 'blue' } as const;
const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function VersionsTab({ canEdit }: { canEdit: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const versions = useVersions();
  const [selected, setSelected] = useState<number[]>([]);
  const [from, to] = [...selected].sort((a, b) => a - b);
  const diff = useQuery({
    queryKey: keys.standards.diff(from, to),
    enabled: from !== undefined && to !== undefined,
    queryFn: () => api('GET /api/standards/diff', { query: `from=${from}&to=${to}` }),
  });
  const activate = useMutation({
    mutationFn: (v: number) => api('POST /api/standards/versions/:version/activate', { params: { version: v } }),
    onSuccess: (v) => {
      void message.success(`${t('std.activated')} v${v.version}`);
      void qc.invalidateQueries({ queryKey: keys.standards.all });
    },
    onError: (err) => void message.error(err.message),
  });
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;

  return (
    <>
      <Table<VersionSummary>
        rowKey="version"
        size="small"
        loading={versions.isPending}
        dataSource={versions.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected((keys as number[]).slice(-2)),
          columnTitle: t('std.compare'),
        }}
        columns={[
          { title: t('std.version'), dataIndex: 'version', width: 80, render: (v: number) => <Typography.Text strong>v{v}</Typography.Text> },
          { title: t('std.name'), dataIndex: 'name', render: (v: string, r) => paren(t, v, r.packVersion) },
          { title: t('std.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: t('std.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => v ?? auditActorLabel('system', lang) },
          { title: t('settings.createdAt'), dataIndex: 'createdAt', render: (v: string) => <Time value={v} /> },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, r) => (
              <Space>
                {r.active ? (
                  <Tag color="green">{t('std.active')}</Tag>
                ) : canEdit ? (
                  <Button size="small" data-testid={`activate-${r.version}`} onClick={() => activate.mutate(r.version)}>
                    {t('std.activate')}
                  </Button>
                ) : null}
                <Button size="small" type="link" href={`/api/standards/versions/${r.version}/export`} target="_blank">
                  {t('std.export')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {from !== undefined && to !== undefined && (
        <div style={{ marginTop: 16 }} data-testid="version-diff">
          <Typography.Title level={5}>
            v{from} → v{to}
          </Typography.Title>
          {diff.data && diff.data.changes.length === 0 && <Empty description={t('std.noChanges')} />}
          {diff.data && diff.data.changes.length > 0 && (
            <Table<PackChange>
              rowKey={(c) => `${c.kind}:${c.path}`}
              size="small"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={diff.data.changes}
              columns={[
                { title: '', dataIndex: 'kind', width: 80, render: (k: PackChange['kind']) => <Tag color={kindColor[k]}>{t(`std.change.${k}`)}</Tag> },
                { title: 'path', dataIndex: 'path', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
                { title: 'before', dataIndex: 'before', render: (v: unknown) => <Typography.Text delete type="secondary">{show(v)}</Typography.Text> },
                { title: 'after', dataIndex: 'after', render: (v: unknown) => <Typography.Text>{show(v)}</Typography.Text> },
              ]}
            />
          )}
          {diff.isError && <ErrorState error={diff.error} />}
        </div>
      )}
    </>
  );
}
