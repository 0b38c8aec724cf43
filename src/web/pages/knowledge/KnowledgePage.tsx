import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, List, Result, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { Time } from '../../components/Time.js';
import { canEditKnowledge, useArticles, type ArticleStatus } from './api.js';
import { ArticleEditor } from './ArticleEditor.js';
import { Highlighted } from './Markdown.js';

const PAGE = 20;
const statusColors: Record<ArticleStatus, string> = { draft: 'gold', published: 'green', archived: 'default' };

export function StatusTag({ status }: { status: ArticleStatus }) {
  const { t } = useI18n();
  return <Tag color={statusColors[status]}>{t(`kb.status.${status}`)}</Tag>;
}

/** 知识库: search (Simplified or Traditional), results with the words marked, new articles for editors. */
export function KnowledgePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const editor = canEditKnowledge(me);
  const status = (editor ? params.get('status') : null) as ArticleStatus | 'all' | null;
  const [draft, setDraft] = useState(q);
  const [creating, setCreating] = useState(false);
  const list = useArticles({ q: q || undefined, tag: tag || undefined, status: status ?? undefined, limit: PAGE, offset: (page - 1) * PAGE });

  if (!me.sections.includes('knowledge')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;

  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === '') p.delete(k);
      else p.set(k, v);
    }
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };

  const data = list.data;
  let body;
  if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (data && data.total === 0 && !q && !tag && !status)
    body = (
      <EmptyState
        title={t('empty.knowledge.title')}
        body={t('empty.knowledge.body')}
        extra={
          editor ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('kb.new')}
            </Button>
          ) : null
        }
      />
    );
  else
    body = (
      <List
        data-testid="kb-results"
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        locale={{ emptyText: t('kb.noResults') }}
        dataSource={data?.items ?? []}
        pagination={
          (data?.total ?? 0) > PAGE
            ? { current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => update({ page: String(p) }) }
            : false
        }
        renderItem={(a) => {
          const href = `/knowledge/${a.id}${q ? `?q=${encodeURIComponent(q)}` : ''}`;
          return (
            <List.Item key={a.id} data-testid="kb-result">
              <div style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Link to={href} data-testid="kb-result-title" style={{ fontSize: 16, fontWeight: 600 }}>
                    <Highlighted text={a.title} ranges={a.highlights.title} />
                  </Link>
                  {a.status !== 'published' && <StatusTag status={a.status} />}
                </Space>
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }} data-testid="kb-result-snippet">
                  <Highlighted text={a.snippet} ranges={a.highlights.snippet} />
                </Typography.Paragraph>
                <Space wrap size={4}>
                  {a.tags.map((x) => (
                    <Tag key={x} color={x === tag ? 'red' : undefined} style={{ cursor: 'pointer' }} onClick={() => update({ tag: x === tag ? null : x })}>
                      {x}
                    </Tag>
                  ))}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('kb.version')} {a.version} · {a.updatedBy ?? t('kb.system')} · <Time value={a.updatedAt} />
                  </Typography.Text>
                </Space>
              </div>
            </List.Item>
          );
        }}
      />
    );

  return (
    <div data-testid="page-knowledge">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <h2 style={{ margin: 0 }}>{t('menu.knowledge')}</h2>
        {editor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="kb-new">
            {t('kb.new')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        <Input.Search
          data-testid="kb-search"
          allowClear
          enterButton={t('kb.search')}
          placeholder={t('kb.searchPlaceholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || null })}
          style={{ width: 520, maxWidth: '100%' }}
        />
        {editor && (
          <Segmented
            data-testid="kb-status-filter"
            value={status ?? 'current'}
            onChange={(v) => update({ status: v === 'current' ? null : String(v) })}
            options={[
              { value: 'current', label: t('kb.filter.current') },
              { value: 'published', label: t('kb.status.published') },
              { value: 'draft', label: t('kb.status.draft') },
              { value: 'archived', label: t('kb.status.archived') },
              { value: 'all', label: t('kb.filter.all') },
            ]}
          />
        )}
        {tag && (
          <Tag closable color="red" onClose={() => update({ tag: null })}>
            {labelled(t, t('kb.field.tags'), tag)}
          </Tag>
        )}
      </Space>
      {data && (q || tag) && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }} data-testid="kb-total">
          {t('kb.results').replace('{n}', String(data.total))}
        </Typography.Text>
      )}
      {body}
      <ArticleEditor
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => {
          setCreating(false);
          navigate(`/knowledge/${a.id}`);
        }}
      />
    </div>
  );
}
