import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Space, Steps, Tag, Tooltip, Typography } from 'antd';
import type { SopStage, SopStageId } from '../../../shared/workbench/sop.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';

/** Why a line applies, for the small tag beside it. */
const whenKeys: Record<string, MessageKey> = {
  customerGreetsFirst: 'wb.when.customerGreetsFirst',
  hold: 'wb.when.hold',
  customerStays: 'wb.when.customerStays',
};

/**
 * 通话流程: the six stages of the standard with the current one open — what to say (the pack's lines
 * filled in), what to do and what must not be said. Stages complete by themselves as the call shows
 * them; the agent can move on (or look back) by hand.
 */
export function SopStepper({
  stages,
  current,
  done,
  onGo,
  recapTicks,
  onTick,
  onGreeted,
}: {
  stages: SopStage[];
  current: number;
  done: Record<SopStageId, boolean>;
  onGo: (index: number) => void;
  recapTicks: ReadonlySet<string>;
  onTick: (item: string, on: boolean) => void;
  /** 已问候 by hand, for a call the page cannot hear (no live transcript); absent when the call is not answered. */
  onGreeted?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const stage = stages[current]!;
  const tickable = stage.id === 'confirm';
  return (
    <Card size="small" title={t('wb.sop.title')} data-testid="wb-sop" data-stage={stage.id}>
      <Steps
        size="small"
        titlePlacement="vertical"
        current={current}
        onChange={onGo}
        items={stages.map((s) => ({
          title: t(`wb.sop.${s.id}` as MessageKey),
          status: done[s.id] ? 'finish' : s === stage ? 'process' : 'wait',
          ...({ 'data-testid': `wb-sop-step-${s.id}`, 'data-done': String(done[s.id]) } as Record<string, string>),
        }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t(`wb.sop.${stage.id}.hint` as MessageKey)}
      </Typography.Paragraph>
      {stage.say.length > 0 && (
        <div data-testid="wb-sop-say">
          {stage.say.map((line) => (
            <div key={line.key} className="wb-say" data-key={line.key} style={{ background: '#f0f7ff', borderLeft: '3px solid #1677ff', padding: '6px 10px', marginBottom: 6, borderRadius: 4 }}>
              {line.when && <Tag style={{ marginRight: 6 }}>{whenKeys[line.when] ? t(whenKeys[line.when]!) : line.when.startsWith('>') ? t('wb.when.lateAnswer') : line.when}</Tag>}
              <span style={{ fontSize: 15 }}>{line.text}</span>
            </div>
          ))}
        </div>
      )}
      {stage.todo.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="wb-sop-todo">
          <Typography.Text strong>{tickable ? t('wb.sop.recap') : t('wb.sop.todo')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: tickable ? 0 : 20, listStyle: tickable ? 'none' : undefined }}>
            {stage.todo.map((item) => (
              <li key={item}>
                {tickable ? (
                  <Button
                    type="text"
                    size="small"
                    icon={<CheckCircleOutlined style={{ color: recapTicks.has(item) ? '#52c41a' : 'rgba(0,0,0,0.25)' }} />}
                    onClick={() => onTick(item, !recapTicks.has(item))}
                    data-testid="wb-recap-item"
                    data-checked={String(recapTicks.has(item))}
                  >
                    {item}
                  </Button>
                ) : (
                  item
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stage.avoid.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="wb-sop-avoid">
          <Typography.Text type="danger">
            <StopOutlined /> {t('wb.sop.avoid')}
          </Typography.Text>
          <Space size={4} wrap style={{ marginLeft: 8 }}>
            {stage.avoid.map((a) => (
              <Tag key={a} color="red">
                {a}
              </Tag>
            ))}
          </Space>
        </div>
      )}
      <div style={{ marginTop: 12, display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 8 }}>
        {stage.id === 'answer' && !done.answer && onGreeted && (
          <Tooltip title={t('wb.sop.greetedHint')}>
            <Button size="small" icon={<CheckCircleOutlined />} onClick={onGreeted} data-testid="wb-sop-greeted">
              {t('wb.sop.greeted')}
            </Button>
          </Tooltip>
        )}
        {current < stages.length - 1 && (
          <Button size="small" onClick={() => onGo(current + 1)} data-testid="wb-sop-next">
            {t('wb.sop.next')}
          </Button>
        )}
      </div>
    </Card>
  );
}
