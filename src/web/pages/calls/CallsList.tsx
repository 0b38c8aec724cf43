import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { formatTime, useOrgTimeZone } from '../tickets/api.js';
import { clock, type Call } from './api.js';
import { CallOutcomeTag, QaTag } from './CallTags.js';
import { backTo } from '../../components/BackLink.js';
import { DateRangeFilter } from '../../components/DateRangeFilter.js';
import { TextFilter } from '../../components/TextFilter.js';
import { ExportButton } from '../../components/ExportButton.js';
import { useQueueName } from './queues.js';
import { keys } from '../../queryKeys.js';

const filterKeys = ['from', 'to', 'status', 'outcome', 'agentNo', 'queue', 'caller', 'night'] as const;
const PAGE = 20;

/** The list API's query from the page URL: only the filter parameters, in a fixed order. */
export function callQuery(p: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of filterKeys) {
    const v = p.get(k);
    if (v) out.set(k, v);
  }
  return out.toString();
}

/** 通话记录: every call, newest first, with filters that the Excel export follows too. Refreshes live. */
export function CallsList({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const queueName = useQueueName();
  const tz = useOrgTimeZone();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [page, setPage] = useState(1);
  const query = callQuery(params);
  const supervisor = ['admin', 'manager', 'lead'].includes(me.role);
  const list = useQuery({
    queryKey: keys.calls.list(query, page),
    queryFn: () => api('GET /api/calls', { query: `${query}${query ? '&' : ''}limit=${PAGE}&offset=${(page - 1) * PAGE}` }),
    refetchInterval: 30_000,
    placeholderData: (prev) => prev,
  });
  const queues = useQuery({ queryKey: keys.queues, queryFn: () => api('GET /api/queues'), enabled: supervisor, staleTime: 60_000 });
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setPage(1);
    setParams(next);
  };
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const nothingYet = list.data?.total === 0 && !query;
  const outcome = params.get('outcome') ?? (params.get('status') ? `status:${params.get('status')}` : undefined);

  return (
    <div data-testid="calls-list">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} align="start">
        <Space wrap>
          <DateRangeFilter from={params.get('from')} to={params.get('to')} onChange={set} testId="calls-filter-dates" />
          <Select
            allowClear
            placeholder={t('calls.filter.outcome')}
            style={{ width: 130 }}
            value={outcome}
            data-testid="calls-filter-outcome"
            onChange={(v?: string) => set(v?.startsWith('status:') ? { status: v.slice(7), outcome: undefined } : { outcome: v, status: undefined })}
            options={[
              { value: 'answered', label: t('calls.outcome.answered') },
              { value: 'abandoned', label: t('calls.outcome.abandoned') },
              { value: 'status:ringing', label: t('calls.status.ringing') },
              { value: 'status:answered', label: t('calls.status.answered') },
              { value: 'status:ended', label: t('calls.status.ended') },
            ]}
          />
          <TextFilter value={params.get('caller') ?? ''} placeholder={t('calls.filter.caller')} testId="calls-filter-caller" onChange={(v) => set({ caller: v })} />
          <TextFilter value={params.get('agentNo') ?? ''} placeholder={t('calls.filter.agentNo')} testId="calls-filter-agent" width={110} onChange={(v) => set({ agentNo: v })} />
          {supervisor && queues.data ? (
            <Select
              allowClear
              placeholder={t('calls.queue')}
              style={{ width: 140 }}
              value={params.get('queue') ?? undefined}
              onChange={(v?: string) => set({ queue: v })}
              options={queues.data.map((q) => ({ value: q.code, label: q.name }))}
            />
          ) : (
            <TextFilter value={params.get('queue') ?? ''} placeholder={t('calls.queue')} testId="calls-filter-queue" width={120} onChange={(v) => set({ queue: v })} />
          )}
          <Select
            allowClear
            placeholder={t('calls.filter.shift')}
            style={{ width: 110 }}
            value={params.get('night') ?? undefined}
            onChange={(v?: string) => set({ night: v })}
            options={[
              { value: 'true', label: t('calls.night') },
              { value: 'false', label: t('calls.day') },
            ]}
          />
        </Space>
        {me.permissions.export && (
          <ExportButton href={`/api/calls/export.xlsx?${query ? `${query}&` : ''}lang=${lang}`} testId="calls-export">
            {t('calls.export')}
          </ExportButton>
        )}
      </Space>
      {nothingYet ? (
        <EmptyState title={t('empty.calls.title')} body={t('empty.calls.body')} />
      ) : (
        <Table<Call>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          data-testid="calls-table"
          scroll={{ x: 1100 }}
          pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => `${t('calls.total')} ${n}` }}
          onRow={(r) => ({ 'data-testid': `call-row-${r.externalId}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('calls.ringingAt'),
              dataIndex: 'ringingAt',
              width: 160,
              render: (v: string | null, r) => (
                <Link to={`/calls/${r.id}`} state={backTo(`${location.pathname}?${params.toString()}`)}>
                  {formatTime(v, tz, lang, true)}
                </Link>
              ),
            },
            {
              title: t('calls.from'),
              dataIndex: 'from',
              render: (v: string | null, r) => (
                <Space size={4}>
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v ?? '—'}</span>
                  {r.direction === 'out' && <Tag>{t('calls.outbound')}</Tag>}
                </Space>
              ),
            },
            { title: t('calls.queue'), dataIndex: 'queue', render: (v: string | null) => queueName(v) },
            { title: t('calls.agent'), key: 'agent', render: (_: unknown, r) => (r.agentNo ? `${r.agentName ?? ''} ${r.agentNo}`.trim() : '—') },
            { title: t('calls.result'), key: 'result', render: (_: unknown, r) => <CallOutcomeTag call={r} /> },
            { title: t('calls.rings'), dataIndex: 'rings', align: 'right', render: (v: number | null) => v ?? '—' },
            { title: t('calls.wait'), dataIndex: 'waitMs', align: 'right', render: (v: number | null) => clock(v, lang) },
            { title: t('calls.talk'), dataIndex: 'talkMs', align: 'right', render: (v: number | null) => clock(v, lang) },
            {
              title: t('calls.hold'),
              dataIndex: 'holdMs',
              align: 'right',
              render: (v: number, r) => (r.holdCount ? <Tooltip title={`${t('calls.holdCount')} ${r.holdCount}`}>{clock(v, lang)}</Tooltip> : '—'),
            },
            { title: t('calls.endedBy'), dataIndex: 'endedBy', render: (v: Call['endedBy']) => (v ? t(`calls.endedBy.${v}`) : '—') },
            { title: t('calls.qa'), key: 'qa', render: (_: unknown, r) => <QaTag call={r} /> },
          ]}
        />
      )}
    </div>
  );
}
