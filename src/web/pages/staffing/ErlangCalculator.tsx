import { Alert, Card, Col, Descriptions, Form, InputNumber, Radio, Row } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import {
  erlangAAgentsFor,
  erlangAMetrics,
  erlangCAgentsFor,
  erlangCMetrics,
  scheduledAgents,
  StaffingError,
  trafficIntensity,
  type ErlangAMetrics,
  type StaffingMetrics,
} from '../../../shared/staffing/index.js';

interface Inputs {
  calls: number | null;
  intervalMin: number | null;
  ahtSec: number | null;
  targetSec: number | null;
  mode: 'target' | 'agents';
  targetSlPct: number | null;
  agents: number | null;
  maxOccupancyPct: number | null;
  shrinkagePct: number | null;
  patienceSec: number | null;
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

/** The staffing CLI's arithmetic in the browser: the same pure module, Erlang C, or Erlang A when a patience is given. */
export function ErlangCalculator() {
  const { t } = useI18n();
  const [v, setV] = useState<Inputs>({ calls: 360, intervalMin: 30, ahtSec: 240, targetSec: 15, mode: 'target', targetSlPct: 80, agents: 55, maxOccupancyPct: 100, shrinkagePct: 30, patienceSec: null });
  const result = useMemo((): { m: StaffingMetrics | ErlangAMetrics; scheduled: number } | { error: string } | null => {
    if (v.calls === null || v.intervalMin === null || v.ahtSec === null || v.targetSec === null || v.shrinkagePct === null) return null;
    try {
      const intensity = trafficIntensity(v.calls, v.intervalMin, v.ahtSec);
      const base = { intensity, ahtSec: v.ahtSec, targetSec: v.targetSec };
      const target = { targetSl: (v.targetSlPct ?? 80) / 100, maxOccupancy: (v.maxOccupancyPct ?? 100) / 100 };
      let m: StaffingMetrics | ErlangAMetrics;
      if (v.patienceSec) {
        m = v.mode === 'agents' ? erlangAMetrics({ ...base, agents: v.agents ?? 0, patienceSec: v.patienceSec }) : erlangAAgentsFor({ ...base, ...target, patienceSec: v.patienceSec });
      } else {
        if (v.mode === 'agents' && (v.agents ?? 0) <= intensity) return { error: t('staffing.calc.unstable') };
        m = v.mode === 'agents' ? erlangCMetrics({ ...base, agents: v.agents ?? 0 }) : erlangCAgentsFor({ ...base, ...target });
      }
      return { m, scheduled: scheduledAgents(m.agents, v.shrinkagePct / 100) };
    } catch (err) {
      if (err instanceof StaffingError) return { error: t('staffing.calc.invalid') };
      throw err;
    }
  }, [v, t]);
  const field = (key: keyof Inputs, label: string, props: { min?: number; max?: number; suffix?: string } = {}) => (
    <Form.Item label={label}>
      <InputNumber style={{ width: '100%' }} value={v[key] as number | null} onChange={(x) => setV({ ...v, [key]: x })} {...props} data-testid={`calc-${key}`} />
    </Form.Item>
  );
  return (
    <Card title={t('staffing.calc.title')} size="small" style={{ marginTop: 24 }} data-testid="erlang-calculator">
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form layout="vertical" size="small">
            <Row gutter={12}>
              <Col span={12}>{field('calls', t('staffing.calc.calls'), { min: 0 })}</Col>
              <Col span={12}>{field('intervalMin', t('staffing.interval'), { min: 1, suffix: t('staffing.minutes') })}</Col>
              <Col span={12}>{field('ahtSec', t('staffing.aht'), { min: 1, suffix: t('staffing.seconds') })}</Col>
              <Col span={12}>{field('targetSec', t('staffing.calc.targetSec'), { min: 0, suffix: t('staffing.seconds') })}</Col>
              <Col span={24}>
                <Form.Item>
                  <Radio.Group value={v.mode} onChange={(e) => setV({ ...v, mode: e.target.value as Inputs['mode'] })}>
                    <Radio value="target">{t('staffing.calc.modeTarget')}</Radio>
                    <Radio value="agents">{t('staffing.calc.modeAgents')}</Radio>
                  </Radio.Group>
                </Form.Item>
              </Col>
              {v.mode === 'target' ? (
                <>
                  <Col span={12}>{field('targetSlPct', t('staffing.calc.targetSl'), { min: 1, max: 100, suffix: '%' })}</Col>
                  <Col span={12}>{field('maxOccupancyPct', t('staffing.maxOccupancy'), { min: 1, max: 100, suffix: '%' })}</Col>
                </>
              ) : (
                <Col span={12}>{field('agents', t('staffing.agents'), { min: 1 })}</Col>
              )}
              <Col span={12}>{field('shrinkagePct', t('staffing.shrinkage'), { min: 0, max: 95, suffix: '%' })}</Col>
              <Col span={12}>{field('patienceSec', t('staffing.calc.patience'), { min: 1, suffix: t('staffing.seconds') })}</Col>
            </Row>
          </Form>
        </Col>
        <Col xs={24} md={12}>
          {result && 'error' in result ? (
            <Alert type="warning" showIcon message={result.error} />
          ) : result ? (
            <Descriptions column={1} size="small" bordered data-testid="calc-result" title={result.m && 'probAbandon' in result.m ? 'Erlang A' : 'Erlang C'}>
              <Descriptions.Item label={t('staffing.intensity')}>{result.m.intensity.toFixed(3)}</Descriptions.Item>
              <Descriptions.Item label={t('staffing.agents')}>
                <strong data-testid="calc-agents">{result.m.agents}</strong>
              </Descriptions.Item>
              <Descriptions.Item label={t('staffing.scheduled')}>{result.scheduled}</Descriptions.Item>
              <Descriptions.Item label={t('staffing.calc.probWait')}>{pct(result.m.probWait)}</Descriptions.Item>
              {'probAbandon' in result.m && <Descriptions.Item label={t('staffing.calc.probAbandon')}>{pct(result.m.probAbandon)}</Descriptions.Item>}
              <Descriptions.Item label={t('staffing.serviceLevel')}>
                <span data-testid="calc-sl">{pct(result.m.serviceLevel)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('staffing.occupancy')}>{pct(result.m.occupancy)}</Descriptions.Item>
              <Descriptions.Item label={t('staffing.asa')}>{result.m.asaSec.toFixed(1)}</Descriptions.Item>
            </Descriptions>
          ) : null}
          <p style={{ marginTop: 12, color: '#8c8c8c' }}>{t('staffing.calc.note')}</p>
        </Col>
      </Row>
    </Card>
  );
}
