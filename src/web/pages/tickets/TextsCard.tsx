import { MessageOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import { api, type Answer } from '../../api.js';
import type { Me } from '../../auth.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { mobileNumber } from '../../../shared/tickets/caller-texts.js';
import { formatTime } from './api.js';
import { keys } from '../../queryKeys.js';

const statusColor: Record<Answer<'GET /api/tickets/:id/texts'>['items'][number]['status'], string> = { queued: 'blue', sent: 'green', failed: 'red', skipped: 'default' };
const hotline = ['admin', 'manager', 'lead', 'agent'];
const leads = ['admin', 'manager', 'lead'];

/**
 * 短信: the texts sent to the caller about this ticket (受理, 进展, 办结; the pack's callerTexts) with what became of
 * each, and the caller's choice not to receive any (hotline staff change it while the ticket is open). The caller
 * may also decline the hotline's texts altogether: their number goes on the list (退订), which leads can undo.
 */
export function TextsCard({ ticketId, me, tz, open, phone }: { ticketId: string; me: Me; tz: string; open: boolean; phone: string | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = keys.ticket.texts(ticketId);
  const q = useQuery({ queryKey: key, queryFn: () => api('GET /api/tickets/:id/texts', { params: { id: ticketId } }), refetchInterval: 30_000 });
  const optOut = useMutation({
    mutationFn: (textsOptOut: boolean) => api('PATCH /api/tickets/:id', { params: { id: ticketId }, json: { textsOptOut } }),
    onSuccess: () => {
      void message.success(t('tk.texts.optOutSaved'));
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: keys.ticket.one(ticketId) });
    },
    onError: (err) => void message.error(err.message),
  });
  const list = useMutation({
    mutationFn: async ({ add, number }: { add: boolean; number: string }): Promise<void> => {
      if (add) await api('POST /api/caller-texts/opt-outs', { json: { phone: number } });
      else await api('DELETE /api/caller-texts/opt-outs/:phone', { params: { phone: number } });
    },
    onSuccess: () => {
      void message.success(t('tk.texts.listSaved'));
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: keys.callerTextOptOuts });
    },
    onError: (err) => void message.error(err.message),
  });
  const d = q.data;
  if (!d) return null;
  // the full number, as the roles that see callers' numbers get it: only they may put it on the list or take it off
  const number = mobileNumber(phone) ?? '';
  const canAdd = number !== '' && !d.numberOptedOut && hotline.includes(me.role);
  const canRemove = number !== '' && d.numberOptedOut && leads.includes(me.role);
  return (
    <Card size="small" title={t('tk.texts.title')} style={{ marginBottom: 12 }} data-testid="ticket-texts">
      {/* the switch (and 退订) on a line of its own: inline, the empty message below ran on into its label */}
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 8 }} data-testid="ticket-texts-switch-row">
        <Switch
          size="small"
          checked={d.optOut}
          disabled={!open || !hotline.includes(me.role)}
          loading={optOut.isPending}
          onChange={(v) => optOut.mutate(v)}
          data-testid="ticket-texts-opt-out"
        />
        <Typography.Text>{t('tk.texts.optOut')}</Typography.Text>
        {canAdd && (
          <Popconfirm title={t('tk.texts.addToListConfirm')} okText={t('tk.texts.addToList')} cancelText={t('common.cancel')} onConfirm={() => list.mutate({ add: true, number })}>
            <Button size="small" type="link" loading={list.isPending} data-testid="ticket-texts-list-add">
              {t('tk.texts.addToList')}
            </Button>
          </Popconfirm>
        )}
      </div>
      {d.numberOptedOut && (
        <Alert
          type="info"
          showIcon
          title={t('tk.texts.numberOptedOut')}
          style={{ marginBottom: 8 }}
          action={
            canRemove && (
              <Button size="small" loading={list.isPending} onClick={() => list.mutate({ add: false, number })} data-testid="ticket-texts-list-remove">
                {t('tk.texts.removeFromList')}
              </Button>
            )
          }
        />
      )}
      {!d.mobile && <Alert type="info" showIcon title={t('tk.texts.noMobile')} style={{ marginBottom: 8 }} />}
      {d.items.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="ticket-texts-none">
          {t('tk.texts.none')}
        </Typography.Paragraph>
      ) : (
        <List
          size="small"
          dataSource={[...d.items].reverse()}
          renderItem={(x) => (
            <List.Item data-testid="ticket-text" data-kind={x.kind} data-status={x.status}>
              <div style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <MessageOutlined />
                  <Tag>{t(`tk.texts.kind.${x.kind}` as MessageKey)}</Tag>
                  <Tag color={statusColor[x.status]}>
                    {t(`tk.texts.status.${x.status}` as MessageKey)}
                    {x.skipReason ? ` · ${t(`tk.texts.skip.${x.skipReason}` as MessageKey)}` : ''}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(x.sentAt ?? x.createdAt, tz, lang)} · {t('tk.texts.to')} <span translate="no">{x.to}</span>
                    {x.attempts > 1 || x.status === 'failed' ? ` · ${t('tk.texts.attempts').replace('{n}', String(x.attempts))}` : ''}
                  </Typography.Text>
                </Space>
                <div style={{ fontSize: 13, marginTop: 4 }}>{x.text}</div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
