import { MoonOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Typography } from 'antd';
import { renderScript, type ScriptVars } from '../../../shared/standards/render.js';
import type { NightMode } from '../../../shared/standards/schema.js';
import { useI18n } from '../../i18n/index.js';

/**
 * 夜间模式: a call that rang in the pack's night hours — what is still handled at night, the
 * announcement callers heard, and the line for a request that waits for the day (the wrap-up then
 * asks whether a call-back was promised, which becomes a callback task).
 */
export function NightCard({ night, vars }: { night: NightMode; vars: ScriptVars }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={<span><MoonOutlined /> {t('wb.night.title').replace('{from}', night.from).replace('{to}', night.to)}</span>} data-testid="wb-night" style={{ borderColor: '#adc6ff' }}>
      <div style={{ marginBottom: 6 }}>
        <Typography.Text type="secondary">{t('wb.night.handled')}</Typography.Text>{' '}
        <Space size={4} wrap>
          {night.handled.map((h) => (
            <Tag key={h} color="geekblue">
              {h}
            </Tag>
          ))}
        </Space>
      </div>
      <div style={{ background: '#f0f5ff', borderLeft: '3px solid #2f54eb', padding: '6px 10px', borderRadius: 4, fontSize: 15 }} data-testid="wb-night-script">
        {renderScript(night.agentScript, vars)}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 6, marginBottom: 0, fontSize: 12 }}>
        {t('wb.night.announcement')} {renderScript(night.announcement, vars)}
      </Typography.Paragraph>
    </Card>
  );
}
