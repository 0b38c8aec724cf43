import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { callbackLabels, callLabels, formatKpi, kpiLabel, qaLabels, ticketLabels, type KpiLanguage } from '../../../shared/kpi/labels.js';
import { useI18n } from '../../i18n/index.js';
import { fill, type KpiReport } from './api.js';

function Figure({ title, value, testId, extra, good }: { title: string; value: string; testId: string; extra?: ReactNode; good?: boolean | null }) {
  const color = good === true ? '#389e0d' : good === false ? '#cf1322' : undefined;
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} valueStyle={color ? { color } : undefined} />
        <div data-testid={testId} data-value={value} style={{ display: 'none' }} />
        {extra && <div style={{ marginTop: 4, fontSize: 12 }}>{extra}</div>}
      </Card>
    </Col>
  );
}

/** The headline figures of a report, the calls against the GB/T 33358 targets. */
export function KpiCards({ report }: { report: KpiReport }) {
  const { t, lang } = useI18n();
  const L = lang as KpiLanguage;
  const th = report.thresholds;
  const c = report.total.calls;
  const k = report.total.tickets;
  const q = report.total.qa;
  const g = report.gbt;
  const target = (met: boolean | null) => (met === null ? null : <Tag color={met ? 'green' : 'red'}>{t(met ? 'reports.met' : 'reports.missed')}</Tag>);
  const rateTarget = fill(t('reports.target'), { v: `${report.targets.answerRate * 100}%` });
  return (
    <>
      {c && g && (
        <>
          <Typography.Title level={5}>{t('reports.calls')}</Typography.Title>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Figure title={kpiLabel(callLabels, 'offered', L, th)} value={formatKpi('offered', c.offered, L)} testId="kpi-offered" extra={`${kpiLabel(callLabels, 'shortAbandoned', L, th)} ${formatKpi('shortAbandoned', c.shortAbandoned, L)}`} />
            <Figure
              title={kpiLabel(callLabels, 'answerRate', L, th)}
              value={formatKpi('answerRate', c.answerRate, L)}
              testId="kpi-answerRate"
              good={c.answerRate === null ? null : c.answerRate >= report.targets.answerRate}
              extra={rateTarget}
            />
            <Figure
              title={t('reports.gbt.worst24h')}
              value={formatKpi('answerRate', g.worstAnswerRate24h, L)}
              testId="kpi-worst24h"
              good={g.answerRateMet}
              extra={
                <>
                  {target(g.answerRateMet)} {g.worstWindowStart ? fill(t('reports.gbt.from'), { at: g.worstWindowStart.replace('T', ' ') }) : ''}
                </>
              }
            />
            <Figure title={t('reports.gbt.sl15')} value={formatKpi('serviceLevelT1', g.serviceLevel15, L)} testId="kpi-sl15" extra={t('reports.gbt')} />
            <Figure
              title={kpiLabel(callLabels, 'serviceLevelT2', L, th)}
              value={formatKpi('serviceLevelT2', c.serviceLevelT2, L)}
              testId="kpi-slT2"
              extra={`${kpiLabel(callLabels, 'serviceLevelOfferedT2', L, th)} ${formatKpi('serviceLevelOfferedT2', c.serviceLevelOfferedT2, L)}`}
            />
            <Figure title={kpiLabel(callLabels, 'abandonRate', L, th)} value={formatKpi('abandonRate', c.abandonRate, L)} testId="kpi-abandonRate" extra={`${kpiLabel(callLabels, 'abandoned', L, th)} ${formatKpi('abandoned', c.abandoned, L)}`} />
            <Figure title={kpiLabel(callLabels, 'asaSec', L, th)} value={formatKpi('asaSec', c.asaSec, L)} testId="kpi-asa" extra={`${kpiLabel(callLabels, 'longestWaitSec', L, th)} ${formatKpi('longestWaitSec', c.longestWaitSec, L)}`} />
            <Figure title={kpiLabel(callLabels, 'avgHandleSec', L, th)} value={formatKpi('avgHandleSec', c.avgHandleSec, L)} testId="kpi-aht" extra={`${kpiLabel(callLabels, 'avgTalkSec', L, th)} ${formatKpi('avgTalkSec', c.avgTalkSec, L)}`} />
            <Figure title={kpiLabel(callLabels, 'occupancy', L, th)} value={formatKpi('occupancy', c.occupancy, L)} testId="kpi-occupancy" />
            <Figure title={kpiLabel(callLabels, 'transferRate', L, th)} value={formatKpi('transferRate', c.transferRate, L)} testId="kpi-transferRate" />
            <Figure title={kpiLabel(callLabels, 'outbound', L, th)} value={formatKpi('outbound', c.outbound, L)} testId="kpi-outbound" />
            {report.total.callbacks && (
              <Figure
                title={t('reports.callbacks')}
                value={formatKpi('callbacksCreated', report.total.callbacks.callbacksCreated, L)}
                testId="kpi-callbacks"
                extra={`${kpiLabel(callbackLabels, 'callbackReachRate', L, th)} ${formatKpi('callbackReachRate', report.total.callbacks.callbackReachRate, L)}`}
              />
            )}
          </Row>
        </>
      )}
      {k && (
        <>
          <Typography.Title level={5}>{t('reports.tickets')}</Typography.Title>
          {/* the wallboard's 工单已超时 counts every ticket overdue now; these figures only the tickets created in the period */}
          <Typography.Paragraph type="secondary" data-testid="kpi-tickets-scope" style={{ marginTop: -4, fontSize: 12 }}>
            {t('reports.ticketsScope')}
          </Typography.Paragraph>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {(['created', 'finishRate', 'onTimeRate', 'overdueNow', 'returnRate', 'satisfactionRate'] as const).map((key) => (
              <Figure key={key} title={kpiLabel(ticketLabels, key, L, th)} value={formatKpi(key, k[key], L)} testId={`kpi-${key}`} />
            ))}
          </Row>
        </>
      )}
      {q && (
        <>
          <Typography.Title level={5}>{t('reports.qa')}</Typography.Title>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {(['checked', 'avgScore', 'fatal', 'fatalRate'] as const).map((key) => (
              <Figure key={key} title={kpiLabel(qaLabels, key, L, th)} value={formatKpi(key, q[key], L)} testId={`kpi-qa-${key}`} />
            ))}
          </Row>
        </>
      )}
    </>
  );
}
