import { EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { durationLabel } from '../../../shared/tickets/duration-label.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { formatTime } from './api.js';
import { DueTag } from './Countdown.js';
import { keys } from '../../queryKeys.js';


const verdictColor = { met: 'green', late: 'orange', missed: 'red', running: 'blue' } as const;

/** 到达现场 (95598): the repair crew's limit by 区域类型, counting down, and 记录到达. Nothing for tickets without one. */
export function ArrivalCard({ ticketId, me, tz }: { ticketId: string; me: Me; tz: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = keys.ticket.arrival(ticketId);
  const q = useQuery({ queryKey: key, queryFn: () => api('GET /api/tickets/:id/arrival', { params: { id: ticketId } }), refetchInterval: 30_000 });
  const arrive = useMutation({
    mutationFn: () => api('POST /api/tickets/:id/arrival', { params: { id: ticketId }, json: {} }),
    onSuccess: () => {
      void message.success(t('tk.arrival.recorded'));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => void message.error(err.message),
  });
  const a = q.data?.arrival;
  if (!a) return null;
  const canRecord = me.role !== 'inspector' && a.arrivedAt === null;
  return (
    <Card size="small" title={t('tk.arrival.title')} style={{ marginBottom: 12 }} data-testid="ticket-arrival" data-verdict={a.verdict}>
      <Space wrap>
        <Typography.Text strong>{a.name}</Typography.Text>
        {a.area && <Tag>{a.area}</Tag>}
        <Tag>{durationLabel(a.within, lang)}</Tag>
        <Tag color={verdictColor[a.verdict]} data-testid="ticket-arrival-verdict">
          {t(`tk.arrival.verdict.${a.verdict}` as MessageKey)}
        </Tag>
      </Space>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{`${t('tk.due')} ${formatTime(a.dueAt, tz, lang)}`}</Typography.Text>{' '}
        {a.verdict === 'running' && <DueTag dueAt={a.dueAt} overdue={false} />}
        {a.arrivedAt && <Typography.Text type="secondary">{` · ${t('tk.arrival.at')} ${formatTime(a.arrivedAt, tz, lang)}${a.arrivedBy ? ` (${a.arrivedBy})` : ''}`}</Typography.Text>}
      </div>
      {canRecord && (
        <Popconfirm title={t('tk.arrival.confirm')} okText={t('tk.arrival.record')} cancelText={t('common.cancel')} onConfirm={() => arrive.mutate()}>
          <Button style={{ marginTop: 8 }} icon={<EnvironmentOutlined />} loading={arrive.isPending} data-testid="ticket-arrival-record">
            {t('tk.arrival.record')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}
