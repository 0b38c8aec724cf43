import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { EmptyState, ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { Time } from '../../components/Time.js';
import { useActivePack } from '../standards/api.js';
import { useTicketLabels, type Ticket } from './api.js';
import { CallbackTasks } from './CallbackTasks.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { callbackSteps } from '../../../shared/tickets/workflow.js';
import { CoverageBanner, DueTag } from './Countdown.js';
import { CreateTicketModal } from './CreateTicketModal.js';
import { SavedFilters, TicketFilters } from './TicketFilters.js';
import { ExportButton } from '../../components/ExportButton.js';
import { keys } from '../../queryKeys.js';

export { DueTag } from './Countdown.js';

const hotlineRoles = ['admin', 'manager', 'lead', 'agent'];
const canCreate = (me: Me) => hotlineRoles.includes(me.role);

/** The list views: each is a set of the list API's own parameters (plus `view=callback` for the 回访 tasks, offered when the workflow has a callback state). */
type View = 'all' | 'mine' | 'dueSoon' | 'overdue' | 'callback';
const viewParams: Record<Exclude<View, 'all' | 'callback'>, Record<string, string>> = {
  mine: { mine: 'true' },
  dueSoon: { dueSoon: 'true', sort: 'due' },
  overdue: { overdue: 'true', sort: 'due' },
};
const viewKeys = ['view', 'mine', 'dueSoon', 'overdue', 'sort'];

function viewOf(p: URLSearchParams): View {
  if (p.get('view') === 'callback') return 'callback';
  if (p.get('dueSoon') === 'true') return 'dueSoon';
  if (p.get('overdue') === 'true') return 'overdue';
  if (p.get('mine') === 'true') return 'mine';
  return 'all';
}

/** The API query of the URL, in the server's key order (so it compares equal to a saved filter's normalised query). */
const apiKeys = ['status', 'category', 'priority', 'departmentId', 'mine', 'overdue', 'dueSoon', 'supervised', 'q', 'sort'];
function apiQuery(p: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of apiKeys) {
    const v = p.get(k);
    if (v) out.set(k, v);
  }
  return out.toString();
}

export function TicketsPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const pack = useActivePack();
  const labels = useTicketLabels();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  // A screen pop opens the form with the caller's number and the call (see components/ScreenPop.tsx).
  const prefill = params.get('new') === '1' && canCreate(me) ? { callerPhone: params.get('callerPhone') ?? undefined, callIds: params.getAll('callId') } : null;
  const closeCreate = () => {
    setCreating(false);
    if (!prefill) return;
    const next = new URLSearchParams(params);
    for (const k of ['new', 'callerPhone', 'callId']) next.delete(k);
    setParams(next, { replace: true });
  };
  const view = viewOf(params);
  const query = apiQuery(params);
  const list = useQuery({
    queryKey: keys.tickets.list(query, page),
    queryFn: () => api('GET /api/tickets', { query: `${query}${query ? '&' : ''}limit=20&offset=${(page - 1) * 20}` }),
    refetchInterval: 30_000,
    enabled: view !== 'callback',
  });
  const p = pack.data?.content;
  // while the standard loads, nothing rather than its codes (help, p2) for a moment
  const categoryName = (id: string) => (p ? (p.categories.find((c) => c.id === id)?.name ?? id) : '');
  const priorityName = (id: string) => (p ? (p.priorities.find((x) => x.id === id)?.name ?? id) : '');
  const update = (next: URLSearchParams) => {
    setPage(1);
    setParams(next);
  };
  const switchView = (v: string) => {
    const next = new URLSearchParams(params);
    for (const k of viewKeys) next.delete(k);
    if (v === 'callback') next.set('view', 'callback');
    else if (v !== 'all') for (const [k, val] of Object.entries(viewParams[v as keyof typeof viewParams])) next.set(k, val);
    update(next);
  };
  // the 回访 tasks, when the pack's workflow has tickets wait for a callback (a state whose actions ask the caller's satisfaction)
  const callbacks = p !== undefined && callbackSteps(ticketWorkflow(p)).states.length > 0;
  const views: View[] = me.role === 'department' ? ['all', 'dueSoon', 'overdue'] : ['all', 'mine', 'dueSoon', 'overdue', ...(callbacks ? (['callback'] as const) : [])];
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const empty = view === 'all' && list.data?.total === 0 && !query;

  return (
    <div data-testid="page-tickets">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <h2 style={{ marginTop: 0 }}>{t('menu.tickets')}</h2>
        <Space>
          {view !== 'callback' && me.permissions.export && (
            <ExportButton href={`/api/tickets.xlsx?${query ? `${query}&` : ''}lang=${lang}`} testId="tickets-export">
              {t('tk.export')}
            </ExportButton>
          )}
          {canCreate(me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-ticket" disabled={!p}>
              {t('tk.new')}
            </Button>
          )}
        </Space>
      </Space>
      <CoverageBanner me={me} />
      {!p && !pack.isPending && canCreate(me) && <Alert type="info" showIcon title={t('tk.noPack')} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={view}
        onChange={switchView}
        items={views.map((v) => ({ key: v, label: <span data-testid={`view-${v}`}>{t(`tk.view.${v}`)}</span> }))}
        style={{ marginBottom: 4 }}
      />
      {view === 'callback' ? (
        <CallbackTasks me={me} pack={p} />
      ) : empty ? (
        <EmptyState title={t('empty.tickets.title')} body={t('empty.tickets.body')} />
      ) : (
        <>
          <TicketFilters me={me} pack={p} params={params} onChange={update} />
          <SavedFilters query={query} onApply={(q) => update(new URLSearchParams(q))} />
          <Table<Ticket>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            data-testid="tickets-table"
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('tk.total').replace('{n}', n.toLocaleString(lang)) }}
            // the title takes the room: every other column has a width of its own (an ellipsis makes the layout fixed,
            // and columns without widths share it equally, which cut the titles at 1440 px); the full title in a tooltip
            columns={[
              { title: t('tk.number'), dataIndex: 'number', width: 130, render: (v: string, r) => <Link to={`/tickets/${r.id}`}>{v}</Link> },
              {
                title: t('tk.title'),
                dataIndex: 'title',
                ellipsis: { showTitle: false },
                render: (v: string) => (
                  <Tooltip title={v} placement="topLeft">
                    <span data-testid="ticket-row-title">{v}</span>
                  </Tooltip>
                ),
              },
              { title: t('tk.category'), dataIndex: 'category', width: 100, ellipsis: true, render: (v: string) => categoryName(v) },
              { title: t('tk.priority'), dataIndex: 'priority', width: 76, render: (v: string) => <Tag color="volcano">{priorityName(v)}</Tag> },
              {
                title: t('tk.status'),
                dataIndex: 'status',
                width: 120,
                render: (v: string, r) => (
                  <Space size={2} wrap>
                    <Tag>{labels.status(v)}</Tag>
                    {r.supervised && <Tag color="red">{t('tk.supervised')}</Tag>}
                  </Space>
                ),
              },
              { title: t('tk.department'), dataIndex: 'departmentName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: t('tk.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => <Time value={v} /> },
              { title: t('tk.nextDue'), key: 'due', width: 150, render: (_: unknown, r) => <DueTag dueAt={r.nextDueAt} overdue={r.overdue} overdueSince={r.overdueSince} /> },
            ]}
          />
        </>
      )}
      {(creating || prefill) && p && <CreateTicketModal pack={p} initial={prefill ?? undefined} onClose={closeCreate} />}
    </div>
  );
}
