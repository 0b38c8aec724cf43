import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import { api, type Answer } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';


/** One commitment's counts (GET /api/tickets/commitment-stats). */
type Kept = Answer<'GET /api/tickets/commitment-stats'>['arrival'];

/** 承诺兑现: first contact (首次联系) and repair arrival (到达现场) of the tickets taken in the period — in time, late, missed, open. */
export function CommitmentStatsCard({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: keys.tickets.commitmentStats(from, to), queryFn: () => api('GET /api/tickets/commitment-stats', { query: `from=${from}&to=${to}` }) });
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data
    ? [
        { key: 'firstContact', name: t('tk.timer.first_contact'), ...q.data.firstContact },
        { key: 'arrival', name: t('tk.arrival.title'), ...q.data.arrival },
      ]
    : [];
  const pct = (r: Kept) => {
    const done = r.onTime + r.late + r.missed;
    return done === 0 ? '—' : `${((100 * r.onTime) / done).toFixed(1)}%`;
  };
  return (
    <Card size="small" title={t('reports.commitments.title')} style={{ marginTop: 12 }} data-testid="report-commitments">
      <Table
        size="small"
        pagination={false}
        loading={q.isPending}
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'name' },
          { title: t('tk.contact.verdict.met'), dataIndex: 'onTime', align: 'right' },
          { title: t('reports.commitments.late'), dataIndex: 'late', align: 'right' },
          { title: t('reports.commitments.missed'), dataIndex: 'missed', align: 'right' },
          { title: t('reports.commitments.open'), dataIndex: 'open', align: 'right' },
          { title: t('reports.commitments.rate'), key: 'rate', align: 'right', render: (_: unknown, r: Kept) => pct(r) },
        ]}
      />
    </Card>
  );
}
