import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, Empty, List, Popover, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useLiveEvents } from '../live.js';
import { formatTime, useOrgTimeZone } from '../pages/tickets/api.js';

interface Notification {
  id: string;
  kind: string;
  payload: { ticketId?: string; number?: string; title?: string; kind?: string; dueAt?: string } | null;
  createdAt: string;
  readAt: string | null;
}

const kindLabel: Record<string, MessageKey> = {
  'ticket.sla_warning': 'notify.slaWarning',
  'ticket.sla_breached': 'notify.slaBreached',
  'ticket.update_due': 'notify.updateDue',
};
const kindColor: Record<string, string> = { 'ticket.sla_warning': 'gold', 'ticket.sla_breached': 'red', 'ticket.update_due': 'blue' };

/** The header bell: my notifications and my role's (SLA warnings, breaches, 进展通报), live. */
export function NotificationBell() {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const qc = useQueryClient();
  const { notification } = AntApp.useApp();
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ items: Notification[] }>('/api/notifications'),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => api(`/api/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  useLiveEvents((m) => {
    if (m.type !== 'ticket.sla_warning' && m.type !== 'ticket.sla_breached') return;
    void qc.invalidateQueries({ queryKey: ['notifications'] });
    const d = m.data as Notification['payload'];
    notification.open({
      type: m.type === 'ticket.sla_breached' ? 'error' : 'warning',
      message: t(kindLabel[m.type]!),
      description: `${d?.number ?? ''} ${d?.title ?? ''}`,
      placement: 'bottomRight',
    });
  });
  const items = list.data?.items ?? [];
  const unread = items.filter((n) => !n.readAt).length;
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items.slice(0, 30)}
          renderItem={(n) => (
            <List.Item
              style={{ opacity: n.readAt ? 0.6 : 1 }}
              actions={n.readAt ? [] : [<Button key="r" size="small" type="link" onClick={() => read.mutate(n.id)}>{t('notify.markRead')}</Button>]}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={kindColor[n.kind] ?? 'default'}>{kindLabel[n.kind] ? t(kindLabel[n.kind]!) : n.kind}</Tag>
                    {n.payload?.ticketId ? <Link to={`/tickets/${n.payload.ticketId}`}>{n.payload.number}</Link> : n.payload?.number}
                  </span>
                }
                description={
                  <>
                    <Typography.Text ellipsis style={{ maxWidth: 250 }}>{n.payload?.title}</Typography.Text>
                    <div style={{ fontSize: 12 }}>{formatTime(n.createdAt, tz, lang)}</div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} title={t('notify.title')} trigger="click" placement="bottomRight">
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('notify.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
