import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { contactChannels, type ContactChannel } from '../../../shared/tickets/first-contact.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { formatTime } from './api.js';
import { keys } from '../../queryKeys.js';


const channelKey = (c: ContactChannel) => `tk.contact.channel.${c}` as MessageKey;

/**
 * 联系记录: contacts with the caller logged on the ticket, and 登记联系. A contact that reached the
 * caller keeps the first-contact promise (首次联系); the card says whether it came in time.
 */
export function ContactLog({ ticketId, me, tz }: { ticketId: string; me: Me; tz: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ channel: ContactChannel; reached: boolean; note?: string }>();
  const key = keys.ticket.contacts(ticketId);
  const contacts = useQuery({ queryKey: key, queryFn: () => api('GET /api/tickets/:id/contacts', { params: { id: ticketId } }) });
  const log = useMutation({
    mutationFn: (v: { channel: ContactChannel; reached: boolean; note?: string }) => api('POST /api/tickets/:id/contacts', { params: { id: ticketId }, json: { ...v, note: v.note?.trim() || undefined } }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void message.success(t('tk.contact.logged'));
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: keys.ticket.one(ticketId) });
    },
    onError: (err) => void message.error(err.message),
  });
  const fc = contacts.data?.firstContact ?? null;
  // the server's reading (shared/tickets/first-contact.ts): a limit met by the call itself reads 来电时已联系
  const verdict = fc?.verdict ?? null;
  const verdictColor = { onCall: 'green', atCounter: 'green', met: 'green', late: 'orange', missed: 'red', open: 'blue' } as const;
  return (
    <Card
      size="small"
      title={t('tk.contact.title')}
      data-testid="ticket-contacts"
      extra={
        me.role !== 'inspector' && (
          <Button size="small" icon={<PhoneOutlined />} onClick={() => setOpen(true)} data-testid="ticket-contact-log">
            {t('tk.contact.log')}
          </Button>
        )
      }
    >
      {fc && verdict && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text>{t('tk.timer.first_contact')}</Typography.Text>
          <Tag color={verdictColor[verdict]} data-testid="ticket-first-contact" data-verdict={verdict}>
            {t(`tk.contact.verdict.${verdict}` as MessageKey)}
          </Tag>
          <Typography.Text type="secondary">{`${t('tk.due')} ${formatTime(fc.dueAt, tz, lang)}`}</Typography.Text>
          {fc.metAt && <Typography.Text type="secondary">{`${t('tk.contact.metAt')} ${formatTime(fc.metAt, tz, lang)}`}</Typography.Text>}
        </Space>
      )}
      {(contacts.data?.items.length ?? 0) === 0 ? (
        // met without a logged contact (by the call, at the counter, in the handling): not "nobody contacted the caller"
        <Typography.Text type="secondary" data-testid="ticket-contacts-empty">
          {t(fc?.metAt ? 'tk.contact.noneLogged' : 'tk.contact.none')}
        </Typography.Text>
      ) : (
        <Timeline
          items={(contacts.data?.items ?? []).map((c) => ({
            color: c.reached ? 'green' : 'gray',
            children: (
              <div data-testid="ticket-contact">
                <Typography.Text strong>{t(channelKey(c.channel))}</Typography.Text> <Tag color={c.reached ? 'green' : 'default'}>{c.reached ? t('tk.contact.reached') : t('tk.contact.notReached')}</Tag>
                <Typography.Text type="secondary">{`${c.actorName} · ${formatTime(c.at, tz, lang)}`}</Typography.Text>
                {c.note && <div style={{ fontSize: 12, color: '#595959' }}>{c.note}</div>}
              </div>
            ),
          }))}
        />
      )}
      <Modal
        open={open}
        title={t('tk.contact.log')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={log.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        okButtonProps={{ ...({ 'data-testid': 'ticket-contact-save' } as Record<string, string>) }}
      >
        <Form form={form} layout="vertical" initialValues={{ channel: 'phone', reached: true }} onFinish={(v) => log.mutate(v)}>
          <Form.Item name="channel" label={t('tk.contact.channel')}>
            <Radio.Group options={contactChannels.map((c) => ({ value: c, label: t(channelKey(c)) }))} />
          </Form.Item>
          <Form.Item name="reached" label={t('tk.contact.outcome')}>
            <Radio.Group
              options={[
                { value: true, label: t('tk.contact.reached') },
                { value: false, label: t('tk.contact.notReached') },
              ]}
              data-testid="ticket-contact-reached"
            />
          </Form.Item>
          <Form.Item name="note" label={t('tk.contact.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} data-testid="ticket-contact-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
