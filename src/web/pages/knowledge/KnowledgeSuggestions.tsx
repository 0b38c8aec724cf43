/**
 * 相关知识 for the agent workbench: published articles linked to the scenarios the assist
 * engine detected, ranked by the words of the call; one click opens the article beside
 * the call (a drawer), so the agent never leaves the workbench.
 *
 * ```tsx
 * <KnowledgeSuggestions scenarioIds={suggestions.scenarios.map((s) => s.id)} query={lastCustomerUtterance} />
 * ```
 */
import { BookOutlined } from '@ant-design/icons';
import { Card, Drawer, Empty, List, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';
import { useArticle, useSuggestedArticles } from './api.js';
import { Highlighted, Markdown } from './Markdown.js';

export interface KnowledgeSuggestionsProps {
  /** Detected scenario ids, most likely first. */
  scenarioIds: readonly string[];
  /** Words from the call or the notes (optional), to rank the articles with. */
  query?: string;
  /** How many articles to show (default 5). */
  limit?: number;
  /** Card title; default 相关知识. */
  title?: string;
  /** An article not to suggest (the one being read). */
  excludeId?: string;
}

/** The value after it has stopped changing for `ms` (live transcripts change several times a second). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function ArticleDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const article = useArticle(id ?? undefined);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={560}
      title={article.data?.title ?? t('common.loading')}
      extra={id ? <Link to={`/knowledge/${id}`}>{t('kb.openFull')}</Link> : null}
      destroyOnHidden
    >
      {article.isPending ? <Spin /> : article.isError ? <Typography.Text type="danger">{article.error.message}</Typography.Text> : <Markdown text={article.data.body} testId="kb-suggestion-body" />}
    </Drawer>
  );
}

export function KnowledgeSuggestions({ scenarioIds, query = '', limit = 5, title, excludeId }: KnowledgeSuggestionsProps) {
  const { t } = useI18n();
  const ids = useSettled(scenarioIds.join(','), 300);
  const q = useSettled(query, 600);
  const suggested = useSuggestedArticles(ids ? ids.split(',') : [], q, excludeId ? limit + 1 : limit);
  const [open, setOpen] = useState<string | null>(null);
  const items = (suggested.data?.items ?? []).filter((a) => a.id !== excludeId).slice(0, limit);

  return (
    <Card
      size="small"
      data-testid="kb-suggestions"
      title={
        <span>
          <BookOutlined style={{ marginInlineEnd: 6 }} />
          {title ?? t('kb.suggestions.title')}
        </span>
      }
    >
      {suggested.isFetching && items.length === 0 ? (
        <Spin size="small" />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.suggestions.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(a) => (
            <List.Item key={a.id} style={{ cursor: 'pointer', display: 'block' }} onClick={() => setOpen(a.id)} data-testid="kb-suggestion">
              <Typography.Link strong>
                <Highlighted text={a.title} ranges={a.highlights.title} />
              </Typography.Link>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 0', fontSize: 12 }}>
                <Highlighted text={a.snippet} ranges={a.highlights.snippet} />
              </Typography.Paragraph>
              {a.tags.slice(0, 3).map((x) => (
                <Tag key={x} style={{ fontSize: 11 }}>
                  {x}
                </Tag>
              ))}
            </List.Item>
          )}
        />
      )}
      <ArticleDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
