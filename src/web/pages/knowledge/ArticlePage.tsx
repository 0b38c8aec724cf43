import { ArrowLeftOutlined, EditOutlined, InboxOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Collapse, Popconfirm, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { Time } from '../../components/Time.js';
import { useActivePack } from '../standards/api.js';
import { canEditKnowledge, useArticle, useArticleVersions, useSetStatus, versionConflict } from './api.js';
import { ArticleEditor } from './ArticleEditor.js';
import { KnowledgeSuggestions } from './KnowledgeSuggestions.js';
import { StatusTag } from './KnowledgePage.js';
import { Markdown } from './Markdown.js';

function History({ id }: { id: string }) {
  const { t } = useI18n();
  const versions = useArticleVersions(id, true);
  if (versions.isPending) return <Spin size="small" />;
  if (versions.isError) return <ErrorState error={versions.error} />;
  return (
    <Timeline
      items={versions.data.items.map((v) => ({
        key: v.version,
        children: (
          <span>
            <Tag>v{v.version}</Tag>
            {t(`kb.action.${v.action}`)} · {v.editedBy ?? t('kb.system')} · <Time value={v.editedAt} />
            {v.note ? ` — ${v.note}` : ''}
          </span>
        ),
      }))}
    />
  );
}

/** One article: rendered Markdown, linked scenarios, and for editors: edit, publish, archive, history. */
export function ArticlePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { id } = useParams();
  const [params] = useSearchParams();
  const q = params.get('q');
  const article = useArticle(id);
  const pack = useActivePack();
  const setStatus = useSetStatus();
  const [editing, setEditing] = useState(false);
  const editor = canEditKnowledge(me);

  if (!me.sections.includes('knowledge')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  const back = (
    <Link to={`/knowledge${q ? `?q=${encodeURIComponent(q)}` : ''}`} data-testid="kb-back">
      <ArrowLeftOutlined /> {t('kb.back')}
    </Link>
  );
  if (article.isPending) return <Spin />;
  if (article.isError) {
    if (article.error instanceof ApiError && article.error.status === 404) return <Result status="404" title={t('kb.notFound')} extra={back} />;
    return <ErrorState error={article.error} onRetry={() => void article.refetch()} />;
  }
  const a = article.data;
  const scenarioName = (sid: string) => pack.data?.content.scenarios.find((s) => s.id === sid)?.name ?? sid;

  const change = async (to: 'publish' | 'archive') => {
    try {
      await setStatus.mutateAsync({ id: a.id, version: a.version, to });
      void message.success(to === 'publish' ? t('kb.publishedOk') : t('kb.archivedOk'));
    } catch (err) {
      const c = versionConflict(err);
      if (c) {
        void message.warning(t('kb.conflict').replace('{name}', c.updatedBy ?? t('kb.someone')).replace('{v}', String(c.currentVersion)));
        void article.refetch();
      } else void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div data-testid="page-knowledge">
      <div style={{ marginBottom: 8 }}>{back}</div>
      <Space style={{ width: '100%', justifyContent: 'space-between', alignItems: 'flex-start' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="kb-article-title">
            {a.title}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 6 }}>
            <StatusTag status={a.status} />
            {a.tags.map((x) => (
              <Link key={x} to={`/knowledge?tag=${encodeURIComponent(x)}`}>
                <Tag>{x}</Tag>
              </Link>
            ))}
          </Space>
        </div>
        {editor && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="kb-edit">
              {t('kb.edit')}
            </Button>
            {a.status !== 'published' && (
              <Button type="primary" icon={<SendOutlined />} loading={setStatus.isPending} onClick={() => void change('publish')} data-testid="kb-publish">
                {a.status === 'archived' ? t('kb.republish') : t('kb.publish')}
              </Button>
            )}
            {a.status !== 'archived' && (
              <Popconfirm title={t('kb.archiveConfirm')} okText={t('kb.archive')} cancelText={t('common.cancel')} onConfirm={() => change('archive')}>
                <Button danger icon={<InboxOutlined />} data-testid="kb-archive">
                  {t('kb.archive')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', margin: '8px 0 4px', fontSize: 12 }} data-testid="kb-article-meta">
        {t('kb.version')} {a.version} · {t('kb.updated')} {a.updatedBy ?? t('kb.system')} <Time value={a.updatedAt} />
      </Typography.Text>
      {a.scenarioIds.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{labelled(t, t('kb.field.scenarios'))}</Typography.Text>
          {a.scenarioIds.map((s) => (
            <Tag key={s} color="blue">
              {scenarioName(s)}
            </Tag>
          ))}
        </div>
      )}
      <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 560px', maxWidth: 860, borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
          <Markdown text={a.body} testId="kb-article-body" />
          {editor && <Collapse style={{ marginTop: 24 }} items={[{ key: 'history', label: t('kb.history'), children: <History id={a.id} /> }]} />}
        </div>
        {a.scenarioIds.length > 0 && (
          <div style={{ flex: '0 1 300px', minWidth: 260 }}>
            <KnowledgeSuggestions scenarioIds={a.scenarioIds} excludeId={a.id} limit={4} />
          </div>
        )}
      </div>
      <ArticleEditor
        open={editing}
        article={a}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
        onReload={async () => (await article.refetch()).data}
      />
    </div>
  );
}
