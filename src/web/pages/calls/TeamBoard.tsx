import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Drawer, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.js';
import { useReasonLabel } from '../../components/AgentStateControl.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { formatTime, useOrgTimeZone } from '../tickets/api.js';
import { agentStates, clock, since, stateColors, useTicker, type AgentState, type BoardAgent, type StateLogEntry } from './api.js';
import { keys } from '../../queryKeys.js';

/** Agents in a state longer than this are marked: a long 小休 or 话后 is what a team lead looks for. */
const LONG_MS: Partial<Record<AgentState, number>> = { break: 15 * 60_000, wrap_up: 3 * 60_000, busy: 10 * 60_000 };

/** 班组看板: who is in which state and for how long, live; a queue filter; each agent's state log on a click. */
export function TeamBoard() {
  const { t, lang } = useI18n();
  const now = useTicker(1000);
  const [queue, setQueue] = useState<string | undefined>();
  const [picked, setPicked] = useState<BoardAgent | null>(null);
  const board = useQuery({ queryKey: keys.agents.board, queryFn: () => api('GET /api/agents/board'), refetchInterval: 30_000 });
  const reasonLabel = useReasonLabel();
  // queues by the names the organisation gave them (综合受理一组), not the switch's codes (general)
  const queueList = useQuery({ queryKey: keys.queues, queryFn: () => api('GET /api/queues'), staleTime: 60_000 });
  const queueName = (code: string) => queueList.data?.find((q) => q.code === code)?.name ?? code;
  if (board.isPending) return <Spin />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const all = board.data.agents;
  const queues = [...new Set(all.flatMap((a) => a.queues))].sort();
  const agents = queue ? all.filter((a) => a.queues.includes(queue)) : all;
  const count = (s: AgentState) => agents.filter((a) => a.state === s).length;
  const working = agents.filter((a) => a.state !== 'offline').length;

  return (
    <div data-testid="team-board">
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap size={[8, 8]} data-testid="board-counts">
          <Tag style={{ fontSize: 14, padding: '4px 10px' }}>{`${t('board.signedIn')} ${working} / ${agents.length}`}</Tag>
          {agentStates.map((s) => (
            <Tag key={s} color={stateColors[s]} style={{ fontSize: 14, padding: '4px 10px', color: s === 'offline' ? 'rgba(0,0,0,0.65)' : undefined }} data-testid={`board-count-${s}`}>
              {`${t(`agent.state.${s}`)} ${count(s)}`}
            </Tag>
          ))}
        </Space>
        <Select allowClear placeholder={t('board.allQueues')} style={{ width: 180 }} value={queue} onChange={setQueue} options={queues.map((q) => ({ value: q, label: queueName(q) }))} data-testid="board-queue" />
      </Space>
      {agents.length === 0 ? (
        <Empty description={t('board.none')} />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 12 }}>
          {agentStates
            .filter((s) => count(s) > 0 || s !== 'training')
            .map((s) => (
                <Card
                  key={s}
                  size="small"
                  data-testid={`board-group-${s}`}
                  title={
                    <Space>
                      <Badge color={stateColors[s]} />
                      {t(`agent.state.${s}`)}
                      <Typography.Text type="secondary">{count(s)}</Typography.Text>
                    </Space>
                  }
                  styles={{ body: { padding: 8, minHeight: 64 } }}
                >
                  {agents
                    .filter((a) => a.state === s)
                    .sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''))
                    .map((a) => {
                      const ms = a.since ? now - new Date(a.since).getTime() : 0;
                      const long = (LONG_MS[s] ?? Infinity) < ms;
                      return (
                        <div
                          key={a.userId}
                          data-testid={`board-agent-${a.agentNo}`}
                          data-state={a.state}
                          onClick={() => setPicked(a)}
                          style={{ cursor: 'pointer', padding: '6px 8px', borderRadius: 6, marginBottom: 6, background: long ? '#fff1f0' : '#fafafa', border: `1px solid ${long ? '#ffa39e' : '#f0f0f0'}` }}
                        >
                          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                            <span style={{ fontWeight: 600 }}>{a.name}</span>
                            <span style={{ fontVariantNumeric: 'tabular-nums', color: long ? '#cf1322' : 'rgba(0,0,0,0.65)' }} data-testid="board-agent-duration">
                              {since(a.since, now, lang)}
                            </span>
                          </div>
                          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                            {`${t('agentNo')} ${a.agentNo}`}
                            {a.reason && ` · ${reasonLabel(a.reason)}`}
                            {a.queues.length > 0 && ` · ${a.queues.map(queueName).join('、')}`}
                          </div>
                          {a.callId && (
                            <Link to={`/calls/${a.callId}`} onClick={(e) => e.stopPropagation()} style={{ fontSize: 12 }}>
                              {t('board.viewCall')}
                            </Link>
                          )}
                        </div>
                      );
                    })}
                </Card>
            ))}
        </div>
      )}
      {picked && <StateLog agent={picked} onClose={() => setPicked(null)} />}
    </div>
  );
}

function StateLog({ agent, onClose }: { agent: BoardAgent; onClose: () => void }) {
  const { t, lang } = useI18n();
  const tz = useOrgTimeZone();
  const reasonLabel = useReasonLabel();
  const log = useQuery({ queryKey: keys.agents.stateLog(agent.agentNo), queryFn: () => api('GET /api/agents/:agentNo/states', { params: { agentNo: agent.agentNo } }) });
  const stateName = (s: string) => ((agentStates as readonly string[]).includes(s) ? t(`agent.state.${s}` as MessageKey) : s);
  return (
    <Drawer open onClose={onClose} size={560} title={`${agent.name} · ${t('agentNo')} ${agent.agentNo}`} data-testid="board-state-log">
      {log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table<StateLogEntry>
          size="small"
          rowKey={(r) => `${r.startedAt}-${r.state}`}
          loading={log.isPending}
          dataSource={log.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('board.log.state'), dataIndex: 'state', render: (v: string, r) => <Tag color={stateColors[v as AgentState] ?? 'default'}>{`${stateName(v)}${r.reason ? ` · ${reasonLabel(r.reason)}` : ''}`}</Tag> },
            { title: t('board.log.from'), dataIndex: 'startedAt', render: (v: string) => formatTime(v, tz, lang, true) },
            { title: t('board.log.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number | null) => (v === null ? t('board.log.ongoing') : clock(v, lang)) },
            { title: t('board.log.source'), dataIndex: 'source', render: (v: string) => (['cti', 'workbench', 'system'].includes(v) ? t(`board.source.${v as 'cti'}`) : v) },
          ]}
        />
      )}
    </Drawer>
  );
}
