import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, Empty, List, Popover, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useLiveEvents } from '../live.js';
import { formatTime, useOrgTimeZone } from '../pages/tickets/api.js';
import { keys } from '../queryKeys.js';

/**
 * What the bell reads of a live message's data (the live feed is not part of the typed contract); every field here is
 * optional, so a kind without it shows less, never wrong. The list's notices are typed by their kind (the contract).
 */
type Payload = { ticketId?: string; number?: string; title?: string; kind?: string; dueAt?: string | null; callId?: string; agentNo?: string; caller?: string | null; note?: string | null } | null;

const kindLabel: Record<string, MessageKey> = {
  'ticket.sla_warning': 'notify.slaWarning',
  'ticket.sla_breached': 'notify.slaBreached',
  'ticket.update_due': 'notify.updateDue',
  'ticket.urge': 'notify.urge',
  'call.reported': 'notify.callReported',
};
const kindColor: Record<string, string> = { 'ticket.sla_warning': 'gold', 'ticket.sla_breached': 'red', 'ticket.update_due': 'blue', 'ticket.urge': 'orange', 'call.reported': 'volcano' };
/** call.reported: what the agent reported the caller for (payload.kind). */
const reportKindLabel: Record<string, MessageKey> = { abusive: 'notify.report.abusive', harassment: 'notify.report.harassment', threat: 'notify.report.threat', other: 'notify.report.other' };

/** The header bell: my notifications and my role's (SLA warnings, breaches, 进展通报), live. */
export function NotificationBell() {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const qc = useQueryClient();
  const { notification } = AntApp.useApp();
  const list = useQuery({
    queryKey: keys.notifications,
    queryFn: async () => (await api('GET /api/notifications')).items,
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => api('POST /api/notifications/:id/read', { params: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.notifications }),
  });
  // 工号 1024 · 辱骂 · 138****5678
  const reportLine = (d: Payload) =>
    [d?.agentNo ? `${t('notify.report.agentNo')} ${d.agentNo}` : '', d?.kind && reportKindLabel[d.kind] ? t(reportKindLabel[d.kind]!) : '', d?.caller ?? ''].filter(Boolean).join(' · ');
  useLiveEvents((m) => {
    if (m.type === 'call.reported') {
      void qc.invalidateQueries({ queryKey: keys.notifications });
      const d = m.data as Payload;
      notification.open({ type: 'warning', message: t('notify.callReported'), description: reportLine(d), placement: 'bottomRight' });
      return;
    }
    if (m.type !== 'ticket.sla_warning' && m.type !== 'ticket.sla_breached') return;
    void qc.invalidateQueries({ queryKey: keys.notifications });
    const d = m.data as Payload;
    notification.open({
      type: m.type === 'ticket.sla_breached' ? 'error' : 'warning',
      message: t(kindLabel[m.type]!),
      description: `${d?.number ?? ''} ${d?.title ?? ''}`,
      placement: 'bottomRight',
    });
  });
  const items = list.data ?? [];
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
                    {n.kind === 'call.reported' ? (
                      <Link to={`/calls/${n.payload.callId}`}>{reportLine(n.payload)}</Link>
                    ) : (
                      <Link to={`/tickets/${n.payload.ticketId}`}>{n.payload.number}</Link>
                    )}
                  </span>
                }
                description={
                  <>
                    <Typography.Text ellipsis style={{ maxWidth: 250 }}>{n.kind === 'call.reported' ? n.payload.note : n.payload.title}</Typography.Text>
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
