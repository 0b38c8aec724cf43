import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Tooltip, type MenuProps } from 'antd';
import { api, ApiError } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useLiveStatus } from '../live.js';
import { breakReasons, since, stateColors, useMyState, useTicker, type SelectableState } from '../pages/calls/api.js';
import { keys } from '../queryKeys.js';

/** A state's reason in the user's language when it is one of ours, else as the switch sent it. */
export function useReasonLabel() {
  const { t } = useI18n();
  return (reason: string | null) => (reason ? ((breakReasons as readonly string[]).includes(reason) ? t(`agent.reason.${reason}` as MessageKey) : reason) : null);
}

/** The server's refusal in words for the person: known codes in their language, anything else as the server said it. */
function refusal(err: unknown, t: (k: MessageKey) => string): string {
  if (err instanceof ApiError) {
    if (err.code === 'AGENT_ON_CALL') return t('agent.err.onCall');
    if (err.code === 'AGENT_NO_MISSING') return t('agent.err.noAgentNo');
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * 坐席状态 in the header: 示闲, 示忙, 小休 (with a reason), 话后, 离线, with how long the current state has lasted.
 * While on a call the state belongs to the call: only 离线 stays possible, as the server allows.
 */
export function AgentStateControl() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const state = useMyState(true);
  const now = useTicker(1000);
  const reasonLabel = useReasonLabel();
  const set = useMutation({
    mutationFn: (body: { state: SelectableState; reason?: string }) => api('PUT /api/agents/me/state', { json: body }),
    onSuccess: (s) => {
      qc.setQueryData(keys.agents.myState, s);
      void qc.invalidateQueries({ queryKey: keys.agents.board });
    },
    onError: (err) => {
      void message.error(refusal(err, t));
      void qc.invalidateQueries({ queryKey: keys.agents.myState });
    },
  });
  const s = state.data;
  const onCall = s?.state === 'on_call';
  const item = (key: SelectableState, disabled = onCall) => ({
    key,
    disabled,
    label: (
      <span data-testid={`agent-state-${key}`}>
        <Badge color={stateColors[key]} /> {t(`agent.state.${key}`)}
      </span>
    ),
  });
  const items: MenuProps['items'] = [
    ...(onCall ? [{ key: 'on-call-note', disabled: true, label: <span style={{ fontSize: 12 }}>{t('agent.onCallNote')}</span> }, { type: 'divider' as const }] : []),
    item('available'),
    item('busy'),
    {
      key: 'break',
      disabled: onCall,
      label: (
        <span data-testid="agent-state-break">
          <Badge color={stateColors.break} /> {t('agent.state.break')}
        </span>
      ),
      children: breakReasons.map((r) => ({ key: `break:${r}`, label: <span data-testid={`agent-break-${r}`}>{t(`agent.reason.${r}`)}</span> })),
    },
    item('wrap_up'),
    { type: 'divider' },
    item('offline', false),
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    const [st, reason] = key.split(':') as [SelectableState, string | undefined];
    set.mutate(reason ? { state: st, reason } : { state: st });
  };
  const label = s ? t(`agent.state.${s.state}`) : '…';
  const reason = s ? reasonLabel(s.reason) : null;
  return (
    <Dropdown menu={{ items, onClick, selectedKeys: s ? [s.reason && s.state === 'break' ? `break:${s.reason}` : s.state] : [] }} trigger={['click']}>
      <Button data-testid="agent-state" data-state={s?.state ?? ''} loading={set.isPending} style={{ minWidth: 150 }}>
        <Badge color={s ? stateColors[s.state] : '#d9d9d9'} />
        <span data-testid="agent-state-label">{label}</span>
        {reason && <span style={{ color: 'rgba(0,0,0,0.45)' }}>· {reason}</span>}
        {/* how long offline is no figure to watch (a day-old sign-off read 离线 22:57:17) */}
        {s?.since && s.state !== 'offline' && (
          <span data-testid="agent-state-duration" style={{ fontVariantNumeric: 'tabular-nums', color: 'rgba(0,0,0,0.55)' }}>
            {since(s.since, now, lang)}
          </span>
        )}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}

/** A dot saying whether live updates (screen pops, board, lists) are arriving. */
export function LiveIndicator() {
  const { t } = useI18n();
  const status = useLiveStatus();
  const color = status === 'open' ? 'green' : status === 'closed' ? 'default' : 'orange';
  const badge = status === 'open' ? 'success' : status === 'closed' ? 'default' : 'processing';
  return (
    <Tooltip title={t(`live.status.${status}.hint`)}>
      <span data-testid="live-status" data-status={status} style={{ whiteSpace: 'nowrap', fontSize: 12, color: color === 'green' ? '#389e0d' : 'rgba(0,0,0,0.45)' }}>
        <Badge status={badge} /> {t(`live.status.${status}`)}
      </span>
    </Tooltip>
  );
}
