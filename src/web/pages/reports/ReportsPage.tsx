import { timeZoneLabel } from '../../../shared/labels/time-zone.js';
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Result, Select, Space, Spin, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { reportDimensions, type ReportBy } from '../../../shared/kpi/index.js';
import type { KpiLanguage } from '../../../shared/kpi/labels.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { fill, kpiQueryString, useKpiReport, useReportFilter } from './api.js';
import { heatmapOption, qaTrendOption, trendOption } from './charts.js';
import { KpiCards } from './KpiCards.js';
import { AgentRanking, DepartmentLeague, TopChecks } from './Tables.js';
import { ExportButton } from '../../components/ExportButton.js';
import { CommitmentStatsCard } from '../tickets/CommitmentStats.js';
import { DepartmentWorkflowStats } from '../tickets/DepartmentWorkflowStats.js';

export const weekdayKeys: MessageKey[] = ['reports.mon', 'reports.tue', 'reports.wed', 'reports.thu', 'reports.fri', 'reports.sat', 'reports.sun'];

/** 报表: KPI cards against the GB/T targets, trends, the heat map, agent ranking, department league and QA, filters in the URL. */
export function ReportsPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const { filter, tab, set } = useReportFilter();
  const report = useKpiReport(filter, me.sections.includes('reports'));
  const r = report.data;
  const L = lang as KpiLanguage;
  const trend = useMemo(() => (r ? trendOption(r, L) : null), [r, L]);
  const heat = useMemo(() => (r ? heatmapOption(r, weekdayKeys.map((k) => t(k)), t('reports.hour')) : null), [r, t]);
  const qaTrend = useMemo(() => (r ? qaTrendOption(r, L) : null), [r, L]);
  if (!me.sections.includes('reports')) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;

  const qaOnly = r ? !r.sections.includes('calls') : me.role === 'inspector';
  const month = filter.from.slice(0, 7);
  const tabs = [
    {
      key: 'overview',
      label: t('reports.tab.overview'),
      children: r && (
        <>
          <KpiCards report={r} />
          {trend && r.sections.includes('calls') && (
            <Card size="small" title={t('reports.trend')} style={{ marginBottom: 16 }}>
              <ReactECharts option={trend} style={{ height: 320 }} notMerge />
            </Card>
          )}
          {heat && r.sections.includes('calls') && (
            <Card size="small" title={t('reports.heatmap')}>
              <ReactECharts option={heat} style={{ height: 300 }} notMerge />
            </Card>
          )}
        </>
      ),
    },
    { key: 'agents', label: t('reports.tab.agents'), children: <AgentRanking filter={filter} /> },
    ...(qaOnly
      ? []
      : [
          {
            key: 'departments',
            label: t('reports.tab.departments'),
            children: (
              <>
                <DepartmentLeague filter={filter} />
                <DepartmentWorkflowStats from={filter.from} to={filter.to} />
                <CommitmentStatsCard from={filter.from} to={filter.to} />
              </>
            ),
          },
        ]),
    {
      key: 'qa',
      label: t('reports.tab.qa'),
      children: r && (
        <>
          {qaTrend && (
            <Card size="small" title={t('reports.qaTrend')} style={{ marginBottom: 16 }}>
              <ReactECharts option={qaTrend} style={{ height: 300 }} notMerge />
            </Card>
          )}
          <TopChecks report={r} />
        </>
      ),
    },
  ];

  return (
    <div data-testid="page-reports">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <h2 style={{ marginTop: 0 }}>{t('reports.title')}</h2>
        <Space>
          <Link to={`/reports/monthly?month=${month}`}>
            <Button icon={<PrinterOutlined />} data-testid="reports-monthly">
              {t('reports.monthly')}
            </Button>
          </Link>
          <ExportButton href={`/api/reports/kpi.xlsx?${kpiQueryString(filter)}&lang=${lang}`} testId="reports-export">
            {t('reports.export')}
          </ExportButton>
        </Space>
      </Space>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('reports.range')}>
          <span data-testid="reports-range">
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(filter.from), dayjs(filter.to)]}
              onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
            />
          </span>
        </Form.Item>
        <Form.Item label={t('reports.by')}>
          <Select
            data-testid="reports-by"
            style={{ width: 140 }}
            value={filter.by}
            onChange={(v: ReportBy) => set({ by: v })}
            options={reportDimensions.filter((d) => !['agent', 'team', 'queue', 'department', 'category'].includes(d)).map((d) => ({ value: d, label: t(`reports.by.${d}` as MessageKey) }))}
          />
        </Form.Item>
        {filter.by === 'interval' && (
          <Form.Item label={t('reports.interval')}>
            <Select data-testid="reports-interval" style={{ width: 110 }} value={filter.interval} onChange={(v: number) => set({ interval: String(v) })} options={[15, 30, 60].map((n) => ({ value: n, label: fill(t('reports.minutes'), { n }) }))} />
          </Form.Item>
        )}
      </Form>
      {r && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {fill(t('reports.period'), { from: r.from, to: r.to, zone: timeZoneLabel(r.timeZone, lang) })} · {fill(t('reports.thresholds'), { t1: r.thresholds.t1Sec, t2: r.thresholds.t2Sec })}
        </Typography.Paragraph>
      )}
      {qaOnly && <Alert type="info" showIcon message={t('reports.qaOnly')} style={{ marginBottom: 16 }} />}
      {report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : !r ? (
        <Spin />
      ) : (
        <Tabs activeKey={tabs.some((x) => x.key === tab) ? tab : 'overview'} onChange={(k) => set({ tab: k === 'overview' ? undefined : k })} items={tabs} destroyOnHidden />
      )}
    </div>
  );
}
