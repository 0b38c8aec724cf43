import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Layout, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { keys } from '../../queryKeys.js';

const weekdayKeys: MessageKey[] = ['staffing.mon', 'staffing.tue', 'staffing.wed', 'staffing.thu', 'staffing.fri', 'staffing.sat', 'staffing.sun'];
const levels = ['quiet', 'normal', 'busy', 'closed'] as const;
const levelColor: Record<(typeof levels)[number], string> = { quiet: '#95de64', normal: '#ffe58f', busy: '#ff7875', closed: '#d9d9d9' };
const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** 来电指南: a hotline's public page (no sign-in): hours, the wait right now, and when it is quieter to call. */
export function PublicHotlinePage() {
  const { t } = useI18n();
  const { slug = '' } = useParams();
  const info = useQuery({ queryKey: keys.staffing.publicHotline(slug), queryFn: () => api('GET /api/public/hotlines/:slug', { params: { slug } }), refetchInterval: 60_000 });
  const d = info.data;

  const chart = useMemo(() => {
    if (!d) return {};
    return {
      tooltip: {
        formatter: (p: { value: [number, number, number] }) => {
          const h = d.hours.find((x) => x.hour === p.value[0] && x.weekday === 7 - p.value[1]);
          return h ? `${t(weekdayKeys[h.weekday - 1] as MessageKey)} ${hh(h.hour)}<br/>${t(`hotline.level.${h.level}` as MessageKey)}` : '';
        },
      },
      grid: { left: 56, right: 16, top: 8, bottom: 64 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => hh(h)), splitArea: { show: true } },
      yAxis: { type: 'category', data: [...weekdayKeys].reverse().map((k) => t(k)), splitArea: { show: true } },
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: levels.map((l, i) => ({ value: i, label: t(`hotline.level.${l}` as MessageKey), color: levelColor[l] })),
      },
      series: [{ type: 'heatmap', data: d.hours.map((h) => [h.hour, 7 - h.weekday, levels.indexOf(h.level)]), itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
    };
  }, [d, t]);

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 960, width: '100%', margin: '0 auto', padding: 24 }} data-testid="page-hotline">
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {d?.name ?? t('hotline.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Space>
        {info.isPending ? (
          <Spin />
        ) : info.isError ? (
          <ErrorState error={info.error} onRetry={() => void info.refetch()} />
        ) : d ? (
          <>
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col xs={24} md={8}>
                <Card size="small">
                  <Statistic title={t('hotline.number')} value={d.number ?? '—'} prefix={<PhoneOutlined />} groupSeparator="" />
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card size="small">
                  <Statistic
                    title={t('hotline.waitNow')}
                    value={d.now.expectedWaitSec === null ? t('hotline.waitUnknown') : Math.round(d.now.expectedWaitSec)}
                    suffix={d.now.expectedWaitSec === null ? undefined : t('staffing.seconds')}
                    valueRender={(n) => <span data-testid="hotline-wait">{n}</span>}
                  />
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card size="small">
                  <Statistic title={t('hotline.waitingNow')} value={d.now.waiting} />
                </Card>
              </Col>
            </Row>
            <Card size="small" title={t('hotline.hours')} style={{ marginBottom: 16 }}>
              {d.serviceHours.dayFrom && d.serviceHours.dayTo ? (
                <>
                  <p>
                    {t('hotline.dayService')} {d.serviceHours.dayFrom}–{d.serviceHours.dayTo}
                    {t('staffing.sentenceEnd')}
                    {t('hotline.nightService')} {d.serviceHours.dayTo}–{d.serviceHours.dayFrom}
                    {t('staffing.sentenceEnd')}
                  </p>
                  {d.serviceHours.nightHandled.length > 0 && (
                    <Space wrap>
                      {t('hotline.nightHandled')}
                      {d.serviceHours.nightHandled.map((x) => (
                        <Tag key={x}>{x}</Tag>
                      ))}
                    </Space>
                  )}
                </>
              ) : (
                <p>{t('hotline.allDay')}</p>
              )}
              <p style={{ color: '#8c8c8c', marginBottom: 0 }}>{d.now.inDayService ? t('hotline.openNow') : t('hotline.nightNow')}</p>
            </Card>
            <Card size="small" title={t('hotline.bestTimes')}>
              <Typography.Paragraph type="secondary">{t('hotline.bestTimesNote')}</Typography.Paragraph>
              <ReactECharts option={chart} style={{ height: 300 }} notMerge />
              <Space wrap data-testid="hotline-quiet">
                {d.quietWindows
                  .filter((w) => w.to - w.from < 24)
                  .map((w) => (
                    <Tag color="green" key={`${w.weekday}-${w.from}`}>
                      {t(weekdayKeys[w.weekday - 1] as MessageKey)} {hh(w.from)}–{hh(w.to)}
                    </Tag>
                  ))}
              </Space>
            </Card>
          </>
        ) : null}
      </Layout.Content>
    </Layout>
  );
}
