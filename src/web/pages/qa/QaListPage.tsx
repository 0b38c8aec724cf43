import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useCustomRuleNames } from './useCustomRules.js';
import { checkIdsInOrder, checkName } from './checkLabels.js';

interface ResultRow {
  id: string;
  callId: string;
  agentNo: string;
  agentName: string | null;
  startedAt: string;
  score: number | null;
  fatal: boolean | null;
  checks: string[];
  effectiveScore: number | null;
  effectiveFatal: boolean | null;
  reviewed: boolean;
  pendingAppeals: number;
}

const reviewStates = ['appeals-pending', 'unreviewed', 'reviewed'] as const;

interface Filters {
  agent?: string;
  check?: string;
  minScore?: number;
  maxScore?: number;
  fatal?: 'true' | 'false';
  from?: string;
  to?: string;
  q?: string;
  review?: (typeof reviewStates)[number];
}

export function scoreColor(score: number | null, fatal: boolean | null) {
  if (score === null) return 'default';
  if (fatal) return 'red';
  return score >= 90 ? 'green' : score >= 75 ? 'gold' : 'volcano';
}

const toQuery = (f: Filters) =>
  new URLSearchParams(Object.entries(f).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '').map(([k, v]) => [k, String(v)])).toString();

export function QaListPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const custom = useCustomRuleNames();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const query = toQuery(filters);
  const results = useQuery({
    queryKey: ['qa', 'results', query, page],
    queryFn: () => api<{ items: ResultRow[]; total: number }>(`/api/qa/results?${query}&limit=${pageSize}&offset=${(page - 1) * pageSize}`),
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.score === null) ? 2000 : false),
  });
  const trend = useQuery({
    queryKey: ['qa', 'trend', filters.agent],
    queryFn: () => api<{ items: Array<{ day: string; agentNo: string; avgScore: number; calls: number }> }>(`/api/qa/trend?days=90${filters.agent ? `&agent=${encodeURIComponent(filters.agent)}` : ''}`),
  });
  const set = (patch: Partial<Filters>) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...patch }));
  };

  const chart = useMemo(() => {
    const items = trend.data?.items ?? [];
    const days = [...new Set(items.map((i) => i.day))].sort();
    const agents = [...new Set(items.map((i) => i.agentNo))].sort().slice(0, 12);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: agents.map((a) => `${t('qa.agentNo')} ${a}`), top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: agents.map((a) => ({
        name: `${t('qa.agentNo')} ${a}`,
        type: 'line',
        smooth: true,
        connectNulls: true,
        data: days.map((d) => items.find((i) => i.day === d && i.agentNo === a)?.avgScore ?? null),
      })),
    };
  }, [trend.data, t]);

  if (results.isError) return <ErrorState error={results.error} onRetry={() => void results.refetch()} />;
  const empty = results.data && results.data.total === 0 && query === '';

  return (
    <div data-testid="page-qa">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ marginTop: 0 }}>{t('menu.qa')}</h2>
        <Button icon={<DownloadOutlined />} href={`/api/qa/results.xlsx?${query}`} data-testid="qa-export">
          {t('qa.export')}
        </Button>
      </Space>
      {empty ? (
        <EmptyState title={t('empty.qa.title')} body={t('empty.qa.body')} />
      ) : (
        <>
          {(trend.data?.items.length ?? 0) > 0 && (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text strong>{t('qa.trend')}</Typography.Text>
              <ReactECharts option={chart} style={{ height: 220 }} notMerge />
            </div>
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            {me.role !== 'agent' && <Input allowClear placeholder={t('qa.agentNo')} style={{ width: 110 }} onChange={(e) => set({ agent: e.target.value || undefined })} data-testid="qa-filter-agent" />}
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('qa.check')}
              style={{ width: 200 }}
              onChange={(v?: string) => set({ check: v })}
              options={[...checkIdsInOrder, ...custom.keys()].map((id) => ({ value: id, label: checkName(id, lang, custom) }))}
              data-testid="qa-filter-check"
            />
            <InputNumber min={0} max={100} placeholder={t('qa.minScore')} onChange={(v) => set({ minScore: v ?? undefined })} />
            <InputNumber min={0} max={100} placeholder={t('qa.maxScore')} onChange={(v) => set({ maxScore: v ?? undefined })} />
            <Select
              allowClear
              placeholder={t('qa.fatal')}
              style={{ width: 110 }}
              onChange={(v?: 'true' | 'false') => set({ fatal: v })}
              options={[
                { value: 'true', label: t('qa.fatalOnly') },
                { value: 'false', label: t('qa.nonFatal') },
              ]}
            />
            <Select
              allowClear
              placeholder={t('qa.review.filter')}
              style={{ width: 130 }}
              onChange={(v?: Filters['review']) => set({ review: v })}
              options={reviewStates.map((r) => ({ value: r, label: t(`qa.review.filter.${r}`) }))}
              data-testid="qa-filter-review"
            />
            <DatePicker.RangePicker onChange={(r) => set({ from: r?.[0]?.startOf('day').toISOString(), to: r?.[1]?.endOf('day').toISOString() })} />
            <Input.Search allowClear placeholder={t('qa.search')} style={{ width: 220 }} onSearch={(v) => set({ q: v || undefined })} />
          </Space>
          <Table<ResultRow>
            rowKey="id"
            size="middle"
            loading={results.isPending}
            dataSource={results.data?.items ?? []}
            pagination={{ current: page, pageSize, total: results.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${t('qa.total')} ${n} ${t('qa.calls')}`, showSizeChanger: false }}
            columns={[
              { title: t('qa.callId'), dataIndex: 'callId', render: (v: string, r) => <Link to={`/qa/${r.id}`}>{v}</Link> },
              { title: t('qa.agent'), key: 'agent', render: (_: unknown, r) => `${r.agentName ?? ''} ${r.agentNo}` },
              { title: t('qa.startedAt'), dataIndex: 'startedAt', render: (v: string) => new Date(v).toLocaleString(lang) },
              {
                title: t('qa.score'),
                dataIndex: 'effectiveScore',
                width: 150,
                render: (v: number | null, r) => (
                  <Space size={4} wrap>
                    <Tag color={scoreColor(v, r.effectiveFatal)} data-testid="qa-row-score">
                      {v === null ? t('qa.queued') : r.effectiveFatal ? `${v} · ${t('qa.fatal')}` : v}
                    </Tag>
                    {v !== null && v !== r.score && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('qa.review.machineScore')} {r.score}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: t('qa.review.filter'),
                key: 'review',
                width: 120,
                render: (_: unknown, r) =>
                  r.pendingAppeals > 0 ? (
                    <Tag color="orange">{`${t('qa.review.appeal.pending')} ${r.pendingAppeals}`}</Tag>
                  ) : r.reviewed ? (
                    <Tag color="blue">{t('qa.review.reviewed')}</Tag>
                  ) : null,
              },
              {
                title: t('qa.check'),
                dataIndex: 'checks',
                render: (cs: string[]) =>
                  cs.map((c) => (
                    <Tag key={c} color={c === 'privacy.disclosure' ? 'red' : 'orange'} style={{ marginBottom: 2 }}>
                      {checkName(c, lang, custom)}
                    </Tag>
                  )),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
