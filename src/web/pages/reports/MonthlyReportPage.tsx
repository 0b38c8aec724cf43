import { timeZoneLabel } from '../../../shared/labels/time-zone.js';
import { PrinterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Result, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { KpiLanguage } from '../../../shared/kpi/labels.js';
import type { Me } from '../../auth.js';
import { BackLink } from '../../components/BackLink.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { fill, useKpiReport, type ReportFilter } from './api.js';
import { trendOption } from './charts.js';
import { KpiCards } from './KpiCards.js';
import { departmentColumns, departmentHints, RowsTable, TopChecks } from './Tables.js';

/** Paper wants no menu, header or buttons, and charts that fit the page width. */
const printCss = `
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .monthly-report .ant-card { break-inside: avoid; box-shadow: none; }
  .monthly-report section { break-inside: avoid-page; }
  @page { size: A4; margin: 14mm; }
}`;

/** 月度报告: one month's report on one printable page (print stylesheet above). */
export function MonthlyReportPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const m = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? dayjs(`${params.get('month')}-01`) : dayjs().startOf('month');
  const filter: ReportFilter = { from: m.format('YYYY-MM-DD'), to: m.endOf('month').format('YYYY-MM-DD'), by: 'day', interval: 60 };
  const allowed = me.sections.includes('reports');
  const report = useKpiReport(filter, allowed);
  const depts = useKpiReport({ ...filter, by: 'department' }, allowed && me.role !== 'inspector');
  const r = report.data;
  const trend = useMemo(() => (r && r.sections.includes('calls') ? trendOption(r, lang as KpiLanguage) : null), [r, lang]);
  if (!allowed) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  const title = fill(t('reports.monthly.title'), { month: m.format('YYYY-MM') });
  return (
    <div className="monthly-report" data-testid="page-monthly-report">
      <style>{printCss}</style>
      <Space className="no-print" style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <BackLink to="/reports">{t('reports.back')}</BackLink>
        <Space>
          <DatePicker picker="month" allowClear={false} value={m} onChange={(d) => d && setParams({ month: d.format('YYYY-MM') })} data-testid="monthly-month" />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="monthly-print">
            {t('reports.print')}
          </Button>
        </Space>
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {me.org.name} · {title}
      </Typography.Title>
      {report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : !r ? (
        <Spin />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {fill(t('reports.period'), { from: r.from, to: r.to, zone: timeZoneLabel(r.timeZone, lang) })} · {fill(t('reports.thresholds'), { t1: r.thresholds.t1Sec, t2: r.thresholds.t2Sec })}
          </Typography.Paragraph>
          <section>
            <KpiCards report={r} />
          </section>
          {trend && (
            <section style={{ marginBottom: 16 }}>
              <Typography.Title level={5}>{t('reports.trend')}</Typography.Title>
              <ReactECharts option={trend} style={{ height: 280, width: '100%' }} notMerge />
            </section>
          )}
          {depts.data && depts.data.rows.length > 0 && (
            <section style={{ marginBottom: 16 }}>
              <Typography.Title level={5}>{t('reports.tab.departments')}</Typography.Title>
              <RowsTable report={depts.data} nameTitle="reports.department" columns={departmentColumns} hints={departmentHints} testId="monthly-departments" />
            </section>
          )}
          <section>
            <TopChecks report={r} />
          </section>
        </>
      )}
    </div>
  );
}
