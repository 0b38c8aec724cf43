import { useQuery } from '@tanstack/react-query';
import { Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Answer } from '../../api.js';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useCustomRuleNames } from './useCustomRules.js';
import { CalibrationCard } from './CalibrationCard.js';
import { checkIdsInOrder, checkName } from './checkLabels.js';
import { backTo } from '../../components/BackLink.js';
import { DateRangeFilter } from '../../components/DateRangeFilter.js';
import { TextFilter } from '../../components/TextFilter.js';
import { useTimeFormat } from '../../time.js';
import { ExportButton } from '../../components/ExportButton.js';
import { keys } from '../../queryKeys.js';
import { scoreAxisMin, scoreText } from './trend.js';

type ResultRow = Answer<'GET /api/qa/results'>['items'][number];

const reviewStates = ['appeals-pending', 'unreviewed', 'reviewed'] as const;

/** The list's filters, kept in the page URL (a link or a reload shows the same list) and passed on to the API and the export. */
const filterKeys = ['agent', 'team', 'check', 'minScore', 'maxScore', 'fatal', 'from', 'to', 'q', 'review'] as const;
type FilterKey = (typeof filterKeys)[number];

export function scoreColor(score: number | null, fatal: boolean | null) {
  if (score === null) return 'default';
  if (fatal) return 'red';
  return score >= 90 ? 'green' : score >= 75 ? 'gold' : 'volcano';
}

/** The API's query from the page URL: only the filter parameters, in a fixed order. */
export function qaQuery(p: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of filterKeys) {
    const v = p.get(k);
    if (v) out.set(k, v);
  }
  return out.toString();
}

const numberOf = (v: string | null) => (v === null || v === '' || Number.isNaN(Number(v)) ? null : Number(v));

function ScoreFilter({ value, placeholder, onChange }: { value: number | null; placeholder: string; onChange: (v: number | null) => void }) {
  const apply = (raw: string) => {
    const n = numberOf(raw.trim());
    // what the field shows after leaving it: a whole number from 0 to 100
    const v = n === null ? null : Math.round(Math.min(100, Math.max(0, n)));
    if (v !== value) onChange(v);
  };
  return (
    <InputNumber
      key={value ?? ''}
      min={0}
      max={100}
      precision={0}
      defaultValue={value ?? undefined}
      placeholder={placeholder}
      onPressEnter={(e) => apply(e.currentTarget.value)}
      onBlur={(e) => apply(e.currentTarget.value)}
    />
  );
}

export function QaListPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const fmt = useTimeFormat();
  const custom = useCustomRuleNames();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const query = qaQuery(params);
  const supervisor = me.role !== 'agent';
  const results = useQuery({
    queryKey: keys.qa.results(query, page),
    queryFn: () => api('GET /api/qa/results', { query: `${query}${query ? '&' : ''}limit=${pageSize}&offset=${(page - 1) * pageSize}` }),
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.score === null) ? 2000 : false),
  });
  // the trend follows the list's agent and team
  const trendQuery = new URLSearchParams({ days: '90' });
  for (const k of ['agent', 'team'] as const) if (params.get(k)) trendQuery.set(k, params.get(k)!);
  const trend = useQuery({
    queryKey: keys.qa.trend(trendQuery.toString()),
    queryFn: () => api('GET /api/qa/trend', { query: trendQuery }),
  });
  // 班组: the queues (skill groups); agents see their own calls only, so they get no team or agent filter
  const teams = useQuery({ queryKey: keys.qa.teams, queryFn: () => api('GET /api/qa/teams'), enabled: supervisor, staleTime: 60_000 });
  const set = (patch: Partial<Record<FilterKey, string | number | null | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setPage(1);
    setParams(next);
  };

  const chart = useMemo(() => {
    const items = trend.data?.items ?? [];
    const days = [...new Set(items.map((i) => i.day))].sort();
    const agents = [...new Set(items.map((i) => i.agentNo))].sort().slice(0, 12);
    const series = agents.map((a) => ({
      name: `${t('qa.agentNo')} ${a}`,
      type: 'line',
      smooth: true,
      connectNulls: true,
      data: days.map((d) => items.find((i) => i.day === d && i.agentNo === a)?.avgScore ?? null),
    }));
    return {
      tooltip: { trigger: 'axis', valueFormatter: scoreText },
      legend: { data: agents.map((a) => `${t('qa.agentNo')} ${a}`), top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days },
      // near the data, not from 0: on 0–100, averages of 96 and 99 draw one line
      yAxis: { type: 'value', min: scoreAxisMin(series.flatMap((x) => x.data)), max: 100 },
      series,
    };
  }, [trend.data, t]);

  const empty = results.data && results.data.total === 0 && query === '';

  return (
    <div data-testid="page-qa">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ marginTop: 0 }}>{t('menu.qa')}</h2>
        <ExportButton href={`/api/qa/results.xlsx?${query ? `${query}&` : ''}lang=${lang}`} testId="qa-export">
          {t('qa.export')}
        </ExportButton>
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
          {supervisor && <CalibrationCard custom={custom} />}
          <Space wrap style={{ marginBottom: 12 }}>
            {supervisor && <TextFilter value={params.get('agent') ?? ''} placeholder={t('qa.agentNo')} width={110} onChange={(v) => set({ agent: v })} testId="qa-filter-agent" />}
            {supervisor && (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('qa.team')}
                style={{ width: 160 }}
                loading={teams.isPending}
                value={params.get('team') ?? undefined}
                onChange={(v?: string) => set({ team: v })}
                notFoundContent={teams.isSuccess ? t('qa.team.none') : undefined}
                options={(teams.data?.items ?? []).map((q) => ({ value: q.code, label: q.name }))}
                // the name when chosen; the queue code too in the list, to tell teams of one name apart
                optionRender={(o) => (
                  <Space size={6}>
                    {o.label}
                    {o.value !== o.label && <Typography.Text type="secondary">{o.value}</Typography.Text>}
                  </Space>
                )}
                data-testid="qa-filter-team"
              />
            )}
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('qa.check')}
              style={{ width: 200 }}
              value={params.get('check') ?? undefined}
              onChange={(v?: string) => set({ check: v })}
              options={[...checkIdsInOrder, ...custom.keys()].map((id) => ({ value: id, label: checkName(id, lang, custom) }))}
              data-testid="qa-filter-check"
            />
            <ScoreFilter value={numberOf(params.get('minScore'))} placeholder={t('qa.minScore')} onChange={(v) => set({ minScore: v })} />
            <ScoreFilter value={numberOf(params.get('maxScore'))} placeholder={t('qa.maxScore')} onChange={(v) => set({ maxScore: v })} />
            <Select
              allowClear
              placeholder={t('qa.fatal')}
              style={{ width: 110 }}
              value={(['true', 'false'] as const).find((v) => v === params.get('fatal'))}
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
              value={reviewStates.find((r) => r === params.get('review'))}
              onChange={(v?: (typeof reviewStates)[number]) => set({ review: v })}
              options={reviewStates.map((r) => ({ value: r, label: t(`qa.review.filter.${r}`) }))}
              data-testid="qa-filter-review"
            />
            <DateRangeFilter from={params.get('from')} to={params.get('to')} onChange={set} testId="qa-filter-dates" />
            <Input.Search key={params.get('q') ?? ''} allowClear defaultValue={params.get('q') ?? ''} placeholder={t('qa.search')} style={{ width: 220 }} onSearch={(v) => set({ q: v.trim() })} />
          </Space>
          {/* an error (a team removed since the link was made, say) leaves the filters in place to change */}
          {results.isError ? (
            <ErrorState error={results.error} onRetry={() => void results.refetch()} />
          ) : (
            <Table<ResultRow>
              rowKey="id"
              size="middle"
              loading={results.isPending}
              dataSource={results.data?.items ?? []}
              pagination={{ current: page, pageSize, total: results.data?.total ?? 0, onChange: setPage, showTotal: (n) => `${t('qa.total')} ${n} ${t('qa.calls')}`, showSizeChanger: false }}
              columns={[
                {
                  title: t('qa.callId'),
                  dataIndex: 'callId',
                  render: (v: string, r) => (
                    <Link to={`/qa/${r.id}`} state={backTo(`/qa?${params.toString()}`)} translate="no">
                      {v}
                    </Link>
                  ),
                },
                { title: t('qa.agent'), key: 'agent', render: (_: unknown, r) => `${r.agentName ?? ''} ${r.agentNo}` },
                { title: t('qa.startedAt'), dataIndex: 'startedAt', render: (v: string) => fmt.time(v) },
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
          )}
        </>
      )}
    </div>
  );
}
