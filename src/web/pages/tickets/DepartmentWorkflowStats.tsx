import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import { api } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { DepartmentStats } from './api.js';
import { keys } from '../../queryKeys.js';

type Row = DepartmentStats['items'][number];
const figures: Array<keyof Row & string> = ['urged', 'reassignedAway', 'recalled', 'returned', 'returnsAccepted', 'returnsRefused', 'coHandled', 'coReplied'];

/** 催办, 改派, 收回, 退单 and its review, 协办 per department over the report's days (GET /api/tickets/department-stats). */
export function DepartmentWorkflowStats({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: keys.tickets.departmentStats(from, to), queryFn: () => api('GET /api/tickets/department-stats', { query: `from=${from}&to=${to}` }) });
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card size="small" title={t('tk.stats.title')} style={{ marginTop: 16 }}>
      <Table<Row>
        data-testid="department-workflow-stats"
        size="small"
        rowKey="departmentId"
        loading={q.isPending}
        pagination={false}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        columns={[
          { key: 'department', title: t('tk.stats.department'), dataIndex: 'departmentName', fixed: 'left' },
          ...figures.map((f) => ({ key: f, title: t(`tk.stats.${f}` as MessageKey), dataIndex: f, align: 'right' as const, sorter: (a: Row, b: Row) => Number(a[f]) - Number(b[f]) })),
        ]}
      />
    </Card>
  );
}
