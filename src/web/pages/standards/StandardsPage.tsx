import { UploadOutlined } from '@ant-design/icons';
import { Button, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { labelled, paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { Time } from '../../components/Time.js';
import { useHotlineIdentity } from '../settings/orgProfile.js';
import { useActivePack } from './api.js';
import { CategoriesTab, CustomerTypesTab, SlaTab, TabooTab } from './PackTables.js';
import { QaRulesTab } from './QaRulesTab.js';
import { ScenarioTab } from './ScenarioTab.js';
import { UploadModal } from './UploadModal.js';
import { VersionsTab } from './VersionsTab.js';

/** 服务规范: the organisation's active standard pack — browse, edit, upload, compare versions, activate. */
export function StandardsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const active = useActivePack();
  // the announced name and number as this hotline's profile fills them
  const identity = useHotlineIdentity(active.data?.content);
  const [uploading, setUploading] = useState(false);
  const canEdit = me.role === 'admin' || me.role === 'manager';
  if (!me.sections.includes('standards')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;

  const upload = canEdit ? (
    <Button icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="upload-pack">
      {t('std.upload')}
    </Button>
  ) : null;

  let body;
  if (active.isPending) body = <Spin />;
  else if (active.isError) body = <ErrorState error={active.error} onRetry={() => void active.refetch()} />;
  else if (!active.data) body = <EmptyState title={t('empty.standards.title')} body={t('empty.standards.body')} extra={upload} />;
  else {
    const pack = active.data.content;
    body = (
      <>
        <Space wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{labelled(t, t('std.activeVersion')).trimEnd()}</Typography.Text>
          <Typography.Text strong data-testid="active-pack-name">
            {active.data.name}
          </Typography.Text>
          <Tag color="green">v{active.data.version}</Tag>
          <Tag>{pack.pack.version}</Tag>
          <Typography.Text type="secondary">
            {identity?.org} · {identity?.hotline} · <Time value={active.data.createdAt} />
          </Typography.Text>
        </Space>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true }}>
          {pack.pack.description}
        </Typography.Paragraph>
        <Tabs
          items={[
            { key: 'scenarios', label: paren(t, t('std.tab.scenarios'), pack.scenarios.length), children: <ScenarioTab pack={pack} canEdit={canEdit} /> },
            { key: 'taboo', label: t('std.tab.taboo'), children: <TabooTab pack={pack} /> },
            { key: 'qa', label: t('std.tab.qa'), children: <QaRulesTab pack={pack} calibrated={['admin', 'manager', 'lead', 'inspector'].includes(me.role)} /> },
            { key: 'categories', label: t('std.tab.categories'), children: <CategoriesTab pack={pack} /> },
            { key: 'sla', label: t('std.tab.sla'), children: <SlaTab pack={pack} /> },
            { key: 'customerTypes', label: paren(t, t('std.tab.customerTypes'), pack.customerTypes.length), children: <CustomerTypesTab pack={pack} /> },
            { key: 'versions', label: t('std.tab.versions'), children: <VersionsTab canEdit={canEdit} /> },
          ]}
        />
      </>
    );
  }

  return (
    <div data-testid="page-standards">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <h2 style={{ margin: 0 }}>{t('menu.standards')}</h2>
        {active.data ? upload : null}
      </Space>
      {body}
      <UploadModal open={uploading} onClose={() => setUploading(false)} />
    </div>
  );
}
