import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Popconfirm, Table, Tag } from 'antd';
import type { HTMLAttributes } from 'react';
import { mobileNumber } from '../../../shared/tickets/caller-texts.js';
import { api, type Answer } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { Time } from '../../components/Time.js';
import { useI18n } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

type Row = Answer<'GET /api/caller-texts/opt-outs'>['items'][number];

/** The roles GET/POST /api/caller-texts/opt-outs admit, and those DELETE admits. */
export const optOutRoles = ['admin', 'manager', 'lead', 'agent'];
const removers = ['admin', 'manager', 'lead'];

/**
 * 短信退订: the hotline's list of numbers that declined its texts to callers (GET/POST/DELETE
 * /api/caller-texts/opt-outs). A number on it gets no acceptance, progress or reply text about any ticket. Staff add a
 * number (a caller asking on the phone); a caller replying TD or 退订 is added by the SMS gateway. The numbers are shown
 * as the API gives them; leads and above take a number off the list.
 */
export function OptOutsTab({ me }: { me: Me }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ phone: string }>();
  const list = useQuery({ queryKey: keys.callerTextOptOuts, queryFn: () => api('GET /api/caller-texts/opt-outs') });
  // a ticket's 短信 card says whether its number is on the list: those refetch too
  const changed = () => Promise.all([qc.invalidateQueries({ queryKey: keys.callerTextOptOuts }), qc.invalidateQueries({ queryKey: keys.ticket.all })]);
  const add = useMutation({
    mutationFn: (phone: string) => api('POST /api/caller-texts/opt-outs', { json: { phone } }),
    onSuccess: async () => {
      form.resetFields();
      void message.success(t('optOuts.added'));
      await changed();
    },
    onError: (err) => void message.error(err.message),
  });
  const remove = useMutation({
    mutationFn: (phone: string) => api('DELETE /api/caller-texts/opt-outs/:phone', { params: { phone } }),
    onSuccess: async () => {
      void message.success(t('optOuts.removed'));
      await changed();
    },
    onError: (err) => void message.error(err.message),
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const canRemove = removers.includes(me.role);
  return (
    <div data-testid="opt-outs-tab" style={{ maxWidth: 880 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('optOuts.intro')} />
      <Form form={form} layout="inline" style={{ marginBottom: 16 }} onFinish={(v) => add.mutate(mobileNumber(v.phone) ?? v.phone.trim())}>
        <Form.Item
          name="phone"
          label={t('optOuts.phone')}
          rules={[
            { required: true, whitespace: true, message: t('optOuts.phoneRequired') },
            { validator: async (_, v: string | undefined) => (!v?.trim() || mobileNumber(v) ? undefined : Promise.reject(new Error(t('optOuts.phoneInvalid')))) },
          ]}
        >
          <Input data-testid="opt-outs-phone" placeholder={t('optOuts.phonePlaceholder')} maxLength={30} style={{ width: 220 }} allowClear />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="opt-outs-add">
            {t('optOuts.add')}
          </Button>
        </Form.Item>
      </Form>
      <Table<Row>
        rowKey="phone"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('optOuts.empty') }}
        onRow={(r) => ({ 'data-testid': 'opt-out-row', 'data-phone': r.phone }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('optOuts.phone'), dataIndex: 'phone', render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
          {
            title: t('optOuts.source'),
            dataIndex: 'source',
            render: (s: Row['source']) => <Tag color={s === 'reply' ? 'blue' : 'default'}>{s === 'reply' ? t('optOuts.source.reply') : t('optOuts.source.staff')}</Tag>,
          },
          { title: t('optOuts.createdAt'), dataIndex: 'createdAt', render: (v: string) => <Time value={v} /> },
          ...(canRemove
            ? [
                {
                  title: '',
                  key: 'actions',
                  align: 'right' as const,
                  render: (_: unknown, r: Row) => (
                    <Popconfirm
                      title={t('optOuts.removeConfirm').replace('{phone}', r.phone)}
                      okText={t('optOuts.remove')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove.mutateAsync(r.phone)}
                    >
                      <Button size="small" danger data-testid="opt-out-remove">
                        {t('optOuts.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
