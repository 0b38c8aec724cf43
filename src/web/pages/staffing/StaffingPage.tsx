import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Form, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Answer } from '../../api.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { ErlangCalculator } from './ErlangCalculator.js';
import { ExportButton } from '../../components/ExportButton.js';
import { keys } from '../../queryKeys.js';

type Interval = Answer<'GET /api/staffing/forecast'>['intervals'][number];

const weekdayKeys: MessageKey[] = ['staffing.mon', 'staffing.tue', 'staffing.wed', 'staffing.thu', 'staffing.fri', 'staffing.sat', 'staffing.sun'];
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
/** Rounded to `digits` decimals for a Statistic card: antd's `precision` cuts the digits off instead (34.75 calls read 34). */
const rounded = (v: number, digits: number): string => (Math.round(v * 10 ** digits) / 10 ** digits).toFixed(digits);
const defaults = { intervalMin: '30', targetSl: '0.8', shrinkage: '0.3', maxOccupancy: '1' };
/** week and targetSec are left to the server when not chosen: next week, and the organisation's T1. */
type ParamKey = keyof typeof defaults | 'week' | 'targetSec';

/** 排班: next week's forecast per interval, the Erlang C agents it needs, the Excel plan, and an Erlang calculator. */
export function StaffingPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const get = (k: ParamKey): string | undefined => params.get(k) ?? (k === 'week' || k === 'targetSec' ? undefined : defaults[k]);
  const q = new URLSearchParams();
  for (const k of ['week', 'targetSec', ...Object.keys(defaults)] as ParamKey[]) {
    const v = get(k);
    if (v !== undefined) q.set(k, v);
  }
  const query = q.toString();
  const set = (patch: Partial<Record<ParamKey, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const plan = useQuery({ queryKey: keys.staffing.forecast(query), queryFn: () => api('GET /api/staffing/forecast', { query }) });
  const [day, setDay] = useState('1');

  const chart = useMemo(() => {
    const items = plan.data?.intervals ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('staffing.calls'), t('staffing.agents'), t('staffing.scheduled')] },
      grid: { left: 48, right: 48, top: 48, bottom: 64 },
      dataZoom: [{ type: 'slider', bottom: 8 }],
      xAxis: { type: 'category', data: items.map((i) => `${t(weekdayKeys[i.weekday - 1] as MessageKey)} ${i.time}`) },
      yAxis: [
        { type: 'value', name: t('staffing.calls') },
        { type: 'value', name: t('staffing.agentsAxis'), minInterval: 1 },
      ],
      series: [
        { name: t('staffing.calls'), type: 'bar', data: items.map((i) => Math.round(i.calls * 100) / 100), itemStyle: { color: '#91caff' } },
        { name: t('staffing.agents'), type: 'line', step: 'end', yAxisIndex: 1, symbol: 'none', data: items.map((i) => i.agents), itemStyle: { color: '#c8102e' } },
        { name: t('staffing.scheduled'), type: 'line', step: 'end', yAxisIndex: 1, symbol: 'none', data: items.map((i) => i.scheduledAgents), lineStyle: { type: 'dashed' }, itemStyle: { color: '#595959' } },
      ],
    };
  }, [plan.data, t]);

  const columns = [
    { title: t('staffing.time'), dataIndex: 'time', width: 80 },
    { title: t('staffing.calls'), dataIndex: 'calls', render: (v: number) => v.toFixed(2) },
    { title: t('staffing.aht'), dataIndex: 'ahtSec', render: (v: number, r: Interval) => `${v.toFixed(0)}${r.ahtSource === 'interval' ? '' : ' *'}` },
    { title: t('staffing.intensity'), dataIndex: 'intensity', render: (v: number) => v.toFixed(2) },
    { title: t('staffing.agents'), dataIndex: 'agents', render: (v: number) => <strong data-testid="staffing-agents-cell">{v}</strong> },
    { title: t('staffing.scheduled'), dataIndex: 'scheduledAgents' },
    { title: t('staffing.serviceLevel'), dataIndex: 'serviceLevel', render: (v: number, r: Interval) => (r.calls > 0 ? pct(v) : '—') },
    { title: t('staffing.occupancy'), dataIndex: 'occupancy', render: (v: number, r: Interval) => (r.calls > 0 ? pct(v) : '—') },
    { title: t('staffing.asa'), dataIndex: 'asaSec', render: (v: number, r: Interval) => (r.calls > 0 ? v.toFixed(1) : '—') },
  ];

  const p = plan.data;
  const dayRows = (p?.intervals ?? []).filter((i) => String(i.weekday) === day);
  const history = p?.historyDays[Number(day) - 1];

  return (
    <div data-testid="page-staffing">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <h2 style={{ marginTop: 0 }}>{t('staffing.title')}</h2>
        <ExportButton href={`/api/staffing/forecast.xlsx?${query}&lang=${lang}`} testId="staffing-export">
          {t('staffing.export')}
        </ExportButton>
      </Space>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('staffing.week')}>
          <DatePicker
            data-testid="staffing-week"
            allowClear
            disabledDate={(d) => d.day() !== 1}
            value={get('week') ? dayjs(get('week')) : p ? dayjs(p.week) : null}
            onChange={(d) => set({ week: d ? d.format('YYYY-MM-DD') : undefined })}
          />
        </Form.Item>
        <Form.Item label={t('staffing.interval')}>
          <Select style={{ width: 100 }} value={get('intervalMin')} onChange={(v: string) => set({ intervalMin: v })} options={['15', '30', '60'].map((v) => ({ value: v, label: `${v} ${t('staffing.minutes')}` }))} />
        </Form.Item>
        <Form.Item label={t('staffing.target')}>
          <Space.Compact>
            <InputNumber style={{ width: 80 }} min={1} max={100} value={Math.round(Number(get('targetSl')) * 100)} onChange={(v) => v !== null && set({ targetSl: String(v / 100) })} suffix="%" />
            <InputNumber style={{ width: 100 }} min={0} max={600} value={get('targetSec') !== undefined ? Number(get('targetSec')) : p?.targetSec} onChange={(v) => v !== null && set({ targetSec: String(v) })} suffix={t('staffing.seconds')} />
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('staffing.shrinkage')}>
          <InputNumber style={{ width: 90 }} min={0} max={95} value={Math.round(Number(get('shrinkage')) * 100)} onChange={(v) => v !== null && set({ shrinkage: String(v / 100) })} suffix="%" />
        </Form.Item>
        <Form.Item label={t('staffing.maxOccupancy')}>
          <InputNumber style={{ width: 90 }} min={1} max={100} value={Math.round(Number(get('maxOccupancy')) * 100)} onChange={(v) => v !== null && set({ maxOccupancy: String(v / 100) })} suffix="%" />
        </Form.Item>
      </Form>
      {plan.isError ? (
        <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('staffing.totalCalls')} value={p ? rounded(p.totals.calls, 0) : '—'} loading={plan.isPending} valueRender={(n) => <span data-testid="staffing-total-calls">{n}</span>} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('staffing.peakAgents')} value={p?.totals.peakAgents ?? '—'} loading={plan.isPending} valueRender={(n) => <span data-testid="staffing-peak">{n}</span>} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('staffing.agentHours')} value={p ? rounded(p.totals.agentHours, 1) : '—'} loading={plan.isPending} valueRender={(n) => <span data-testid="staffing-agent-hours">{n}</span>} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('staffing.scheduledHours')} value={p ? rounded(p.totals.scheduledHours, 1) : '—'} loading={plan.isPending} valueRender={(n) => <span data-testid="staffing-scheduled-hours">{n}</span>} />
              </Card>
            </Col>
          </Row>
          {p && (
            <Typography.Paragraph type="secondary">
              {t('staffing.method')} {t('staffing.orgAht')} {p.orgAhtSec.toFixed(0)} {t('staffing.seconds')}
              {p.orgAhtSource === 'default' ? `${t('staffing.openParen')}${t('staffing.ahtDefault')}${t('staffing.closeParen')}` : ''}
              {t('staffing.sentenceEnd')}
              {t('staffing.ahtStar')}
            </Typography.Paragraph>
          )}
          <Card size="small" style={{ marginBottom: 16 }}>
            <ReactECharts option={chart} style={{ height: 320 }} notMerge />
          </Card>
          <Tabs
            activeKey={day}
            onChange={setDay}
            items={weekdayKeys.map((k, i) => ({
              key: String(i + 1),
              label: `${t(k)} ${p?.historyDays[i]?.date.slice(5) ?? ''}`,
            }))}
          />
          {history && (
            <Typography.Paragraph type="secondary" data-testid="staffing-history">
              {t('staffing.historyFrom')} {history.from.join('、')}
            </Typography.Paragraph>
          )}
          <Table<Interval> data-testid="staffing-table" size="small" rowKey="start" loading={plan.isPending} columns={columns} dataSource={dayRows} pagination={false} scroll={{ y: 420 }} />
        </>
      )}
      <ErlangCalculator />
    </div>
  );
}
