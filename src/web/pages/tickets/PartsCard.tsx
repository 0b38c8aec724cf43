import { Card, Space, Table, Tag, Typography } from 'antd';
import { durationLabel } from '../../../shared/tickets/duration-label.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { formatTime, useTicketLabels, type TicketDetail, type TicketPart } from './api.js';

const timerColor = { running: 'blue', paused: 'default', met: 'green', breached: 'red', cancelled: 'default' } as const;
const partColor: Record<string, string> = { dispatched: 'gold', signed: 'blue', replied: 'green', lapsed: 'red', cancelled: 'default' };

/** 主办/协办: each department's part of the ticket — its state, sign-in, reply and its own time limits. */
export function PartsCard({ ticket, tz }: { ticket: TicketDetail; tz: string }) {
  const { t, lang } = useI18n();
  const labels = useTicketLabels();
  return (
    <Card size="small" title={t('tk.parts')} style={{ marginBottom: 16 }}>
      <Table<TicketPart>
        rowKey={(p) => `${p.role}:${p.departmentId}:${p.id ?? ''}`}
        size="small"
        pagination={false}
        dataSource={ticket.parts}
        data-testid="ticket-parts"
        columns={[
          {
            title: t('tk.department'),
            key: 'department',
            render: (_: unknown, p) => (
              <Space size={4} wrap>
                <Tag color={p.role === 'lead' ? 'geekblue' : 'purple'}>{t(`tk.part.role.${p.role}`)}</Tag>
                <Typography.Text strong>{p.departmentName}</Typography.Text>
                {p.mine && <Tag>{t('tk.part.mine')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('tk.status'),
            key: 'status',
            render: (_: unknown, p) => (
              <Tag color={p.role === 'lead' ? 'geekblue' : partColor[p.status]} data-testid={`part-status-${p.departmentId}`}>
                {p.role === 'lead' ? labels.status(p.status) : t(`tk.part.status.${p.status}` as 'tk.part.status.signed')}
              </Tag>
            ),
          },
          {
            title: t('tk.part.timers'),
            key: 'timers',
            render: (_: unknown, p) => (
              <Space direction="vertical" size={2}>
                {p.timers.map((x) => (
                  <span key={x.id} style={{ fontSize: 12 }}>
                    {t(`tk.timer.${x.kind}` as 'tk.timer.reply')} {durationLabel(x.duration, lang)} · {formatTime(x.dueAt, tz, lang)}{' '}
                    <Tag color={timerColor[x.status]}>{t(`tk.tstatus.${x.status}`)}</Tag>
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('tk.part.reply'),
            key: 'reply',
            render: (_: unknown, p) => (
              <div style={{ fontSize: 12 }}>
                {p.signedAt && (
                  <div>
                    {t('tk.part.signedAt')} {formatTime(p.signedAt, tz, lang)}
                  </div>
                )}
                {p.repliedAt && (
                  <div>
                    {t('tk.part.repliedAt')} {formatTime(p.repliedAt, tz, lang)}
                  </div>
                )}
                {p.reply && <div style={{ whiteSpace: 'pre-wrap' }}>{p.reply}</div>}
                {p.satisfaction && (
                  <div>
                    {labelled(t, t('tk.satisfaction'), t(`tk.sat.${p.satisfaction}` as 'tk.sat.satisfied'))}
                  </div>
                )}
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
