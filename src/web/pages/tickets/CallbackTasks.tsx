import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { renderScript } from '../../../shared/standards/render.js';
import type { Pack, Scenario } from '../../../shared/standards/schema.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { labelled, paren } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { callbackSteps, satisfactionValues as satisfactions, type CallbackSteps, type Satisfaction } from '../../../shared/tickets/workflow.js';
import { ticketWorkflow } from '../../../shared/tickets/pack-workflow.js';
import { formatTime, useOrgTimeZone, type Ticket } from './api.js';
import { DueTag } from './Countdown.js';
import { useHotlineIdentity } from '../settings/orgProfile.js';
import { keys } from '../../queryKeys.js';


/** The pack's 回访 script: a scenario whose id ends in `callback`, else one whose situations mention 回访. */
export function callbackScenario(pack: Pack | undefined): Scenario | undefined {
  const scenarios = pack?.scenarios ?? [];
  return scenarios.find((s) => /(^|[.-])callback$/.test(s.id)) ?? scenarios.find((s) => s.triggers.situations.some((x) => x.includes('回访')));
}

/** 回访 tasks: tickets waiting for the callback, the pack's script filled in for this agent, and the result recorded through the workflow. */
export function CallbackTasks({ me, pack }: { me: Me; pack: Pack | undefined }) {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const [selected, setSelected] = useState<string | null>(null);
  // the states the pack's workflow has tickets wait in for the callback (the built-in: 回访中)
  const steps = callbackSteps(ticketWorkflow(pack));
  const status = steps.states.join(',');
  const list = useQuery({
    queryKey: keys.tickets.callbackTasks(status),
    queryFn: () => api('GET /api/tickets', { query: `status=${encodeURIComponent(status)}&sort=due&limit=200` }),
    enabled: status !== '',
    refetchInterval: 30_000,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const current = items.find((x) => x.id === selected) ?? null;
  return (
    <Row gutter={16} data-testid="callback-tasks">
      <Col xs={24} xl={current ? 10 : 24}>
        <Table<Ticket>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('tk.cb.none')} /> }}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === selected ? '#fff1f0' : undefined } })}
          columns={[
            { title: t('tk.number'), dataIndex: 'number', render: (v: string) => <span data-testid={`callback-row-${v}`}>{v}</span> },
            { title: t('tk.title'), dataIndex: 'title', ellipsis: true },
            { title: t('tk.callerName'), dataIndex: 'callerName', render: (v: string | null) => v ?? '—' },
            { title: t('tk.callerPhone'), dataIndex: 'callerPhone', render: (v: string | null) => v ?? '—' },
            { title: t('tk.cb.due'), key: 'due', render: (_: unknown, r) => <DueTag dueAt={r.nextDueAt} overdue={r.overdue} overdueSince={r.overdueSince} /> },
          ]}
        />
      </Col>
      {current && (
        <Col xs={24} xl={14}>
          <CallbackPanel key={current.id} me={me} pack={pack} steps={steps} ticketId={current.id} onDone={() => setSelected(null)} tz={tz} lang={lang} />
        </Col>
      )}
    </Row>
  );
}

function CallbackPanel({ me, pack, steps, ticketId, onDone, tz, lang }: { me: Me; pack: Pack | undefined; steps: CallbackSteps; ticketId: string; onDone: () => void; tz: string; lang: 'zh-CN' | 'zh-TW' | 'en' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [note, setNote] = useState('');
  const [department, setDepartment] = useState<string | undefined>();
  // 评价 per department, where the caller gives it (a ticket handled by a lead and co-handlers)
  const [ratings, setRatings] = useState<Record<string, Satisfaction | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: keys.ticket.one(ticketId), queryFn: () => api('GET /api/tickets/:id', { params: { id: ticketId } }) });
  const departments = useQuery({ queryKey: keys.departments, queryFn: () => api('GET /api/departments') });
  const act = useMutation({
    mutationFn: (v: { action: string; body: Record<string, unknown> }) => api('POST /api/tickets/:id/actions/:action', { params: { id: ticketId, action: v.action }, json: v.body }),
    onSuccess: () => {
      void message.success(t('tk.cb.recorded'));
      void qc.invalidateQueries({ queryKey: keys.tickets.all });
      void qc.invalidateQueries({ queryKey: keys.ticket.one(ticketId) });
      onDone();
    },
    onError: (err) => setError(err.message),
  });
  const tk = detail.data;
  const scenario = callbackScenario(pack);
  const identity = useHotlineIdentity(pack);
  const vars = {
    org: identity?.org ?? me.org.name,
    hotline: identity?.hotline ?? '',
    city: identity?.city ?? '',
    agentName: me.displayName,
    agentId: me.agentNo ?? '',
    customer: tk?.callerName ?? t('tk.cb.caller'),
  };
  const reply = tk?.transitions.filter((x) => steps.replies.includes(x.action)).at(-1);
  const close = steps.close?.action;
  const { reopen, redispatch } = steps;
  const reason = note.trim();
  const unsatisfied = satisfaction === 'unsatisfied';
  const rated = tk && tk.parts.length > 1 ? tk.parts : [];
  const departmentSatisfaction = Object.entries(ratings).flatMap(([departmentId, s]) => (s ? [{ departmentId, satisfaction: s }] : []));
  const withRatings = departmentSatisfaction.length > 0 ? { departmentSatisfaction } : {};
  return (
    <Card size="small" title={tk ? `${t('tk.cb.title')} · ${tk.number}` : t('tk.cb.title')} data-testid="callback-panel" extra={tk && <Link to={`/tickets/${tk.id}`}>{t('tk.cb.open')}</Link>}>
      {tk && (
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('tk.callerName')}>{tk.callerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tk.callerPhone')}>{tk.callerPhone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tk.department')}>{tk.departmentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tk.createdAt')}>{formatTime(tk.createdAt, tz, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('tk.description')} span={2}>
            {tk.description || tk.title}
          </Descriptions.Item>
          <Descriptions.Item label={t('tk.cb.reply')} span={2}>
            {reply?.reason ?? '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Card type="inner" size="small" title={scenario ? `${t('tk.cb.script')} · ${scenario.name}` : t('tk.cb.script')} style={{ marginBottom: 12 }} data-testid="callback-script">
        {scenario ? (
          <ol style={{ paddingLeft: 20, margin: 0 }}>
            {scenario.steps.map((s, i) => (
              <li key={i} style={{ marginBottom: 6 }}>
                {s.when && <Tag color="gold">{s.when}</Tag>}
                {s.script && <Typography.Text strong>{renderScript(s.script, vars)}</Typography.Text>}
                {s.action && <div style={{ color: 'rgba(0,0,0,0.55)' }}>{s.action}</div>}
              </li>
            ))}
          </ol>
        ) : (
          <Typography.Text type="secondary">{t('tk.cb.noScript')}</Typography.Text>
        )}
        {scenario && scenario.forbidden.length > 0 && (
          <div style={{ marginTop: 8, fontSize: 12 }}>
            <Typography.Text type="danger">{labelled(t, t('tk.cb.avoid'))}</Typography.Text>
            {scenario.forbidden.map((f) => (
              <Tag key={f}>{f}</Tag>
            ))}
          </div>
        )}
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={satisfaction} onChange={(e) => setSatisfaction(e.target.value as Satisfaction)} data-testid="callback-satisfaction">
          {satisfactions.map((s) => (
            <Radio.Button key={s} value={s}>
              <span data-testid={`callback-sat-${s}`}>{t(`tk.sat.${s}`)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
        {rated.length > 0 && (
          <Space wrap data-testid="callback-department-ratings">
            <Typography.Text type="secondary">{t('tk.departmentSatisfaction')}</Typography.Text>
            {rated.map((p) => (
              <Select
                key={p.departmentId}
                allowClear
                style={{ width: 220 }}
                placeholder={paren(t, p.departmentName, t(`tk.part.role.${p.role}`))}
                value={ratings[p.departmentId]}
                onChange={(v: Satisfaction | undefined) => setRatings((r) => ({ ...r, [p.departmentId]: v }))}
                options={satisfactions.map((x) => ({ value: x, label: labelled(t, p.departmentName, t(`tk.sat.${x}`)) }))}
              />
            ))}
          </Space>
        )}
        <Input.TextArea rows={2} placeholder={unsatisfied ? t('tk.cb.whyUnsatisfied') : t('tk.cb.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="callback-note" />
        {unsatisfied && redispatch && (
          <Select allowClear placeholder={t('tk.cb.otherDepartment')} style={{ width: 260 }} value={department} onChange={setDepartment} options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        )}
        <Space wrap>
          {!unsatisfied && close && (
            <Button
              type="primary"
              disabled={!satisfaction}
              loading={act.isPending}
              data-testid="callback-archive"
              onClick={() => act.mutate({ action: close, body: { satisfaction, ...(reason && { reason }), ...withRatings } })}
            >
              {t('tk.cb.archive').replace('{action}', steps.close?.labels[lang] ?? '')}
            </Button>
          )}
          {unsatisfied && (
            <>
              {(reopen ?? redispatch) && (
                <Button
                  type="primary"
                  danger
                  disabled={!reason || (!reopen && !department)}
                  loading={act.isPending}
                  data-testid="callback-reopen"
                  onClick={() =>
                    act.mutate(
                      department && redispatch
                        ? { action: redispatch.action, body: { satisfaction, reason, departmentId: department } }
                        : { action: (reopen ?? redispatch)?.action ?? '', body: { satisfaction, reason } },
                    )
                  }
                >
                  {(department && redispatch ? redispatch : (reopen ?? redispatch))?.labels[lang]}
                </Button>
              )}
              {close && (
                <Button disabled={!reason} loading={act.isPending} onClick={() => act.mutate({ action: close, body: { satisfaction, reason, ...withRatings } })}>
                  {t('tk.cb.archiveAnyway').replace('{action}', steps.close?.labels[lang] ?? '')}
                </Button>
              )}
            </>
          )}
        </Space>
      </Space>
    </Card>
  );
}
