import { FullscreenExitOutlined, FullscreenOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AgentState } from '../../../shared/cti/events.js';
import { callLabels, formatKpi, kpiLabel, type KpiLanguage } from '../../../shared/kpi/labels.js';
import { levelOf, type Level, type WallboardThresholds } from '../../../shared/kpi/wallboard.js';
import { api } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useLiveStatus } from '../../live.js';
import { WallboardSettings } from './WallboardSettings.js';
import { keys } from '../../queryKeys.js';

/** Between live updates the figures that slide with time (the last 30 minutes) are taken again this often. */
const REFRESH_MS = 15_000;

const colours: Record<Level, string> = { ok: '#52c41a', warn: '#faad14', alert: '#ff4d4f', none: '#8c8c8c' };
/** Working states first, offline last. */
const boardStates: readonly AgentState[] = ['available', 'on_call', 'wrap_up', 'busy', 'break', 'training', 'offline'];
const stateColours: Record<AgentState, string> = {
  available: '#52c41a',
  on_call: '#1677ff',
  wrap_up: '#13c2c2',
  busy: '#fa8c16',
  break: '#faad14',
  training: '#722ed1',
  offline: '#595959',
};

/** About how wide `value` is in bold digits, in em: a digit ~0.6, '.' and ':' ~0.3, '%' ~0.9, anything else ~1. */
function valueEms(value: string): number {
  let ems = 0;
  for (const ch of value) ems += /\d/.test(ch) ? 0.6 : ch === '.' || ch === ':' ? 0.3 : ch === '%' ? 0.9 : 1;
  return Math.max(ems, 1);
}

function Tile({ label, value, level = 'none', testId, sub, big = false }: { label: string; value: string; level?: Level; testId: string; sub?: ReactNode; big?: boolean }) {
  // As large as the screen allows, but never wider than the tile: 100.0% in a quarter of a laptop screen beside the menu
  // ran past the border at 7vw. `cqi` is a percentage of the tile's own width (the tile is the size container).
  const fit = `${Math.floor(92 / valueEms(value))}cqi`;
  return (
    <div data-testid={testId} data-level={level} data-value={value} style={{ background: '#141414', border: `2px solid ${level === 'none' ? '#303030' : colours[level]}`, borderRadius: 12, padding: '16px 20px', minWidth: 0, containerType: 'inline-size' }}>
      <div style={{ color: '#bfbfbf', fontSize: 'clamp(14px, 1.4vw, 22px)' }}>{label}</div>
      <div data-testid={`${testId}-value`} style={{ color: level === 'none' ? '#f0f0f0' : colours[level], fontSize: big ? `min(clamp(48px, 7vw, 120px), ${fit})` : `min(clamp(26px, 2.8vw, 64px), ${fit})`, fontWeight: 700, lineHeight: 1.1, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{value}</div>
      {sub && <div style={{ color: '#8c8c8c', fontSize: 'clamp(12px, 1vw, 18px)', marginTop: 4 }}>{sub}</div>}
    </div>
  );
}

/** A row of `n` equal columns: the rows keep their shape from a laptop to a wall screen. */
const grid = (n: number) => ({ display: 'grid', gridTemplateColumns: `repeat(${n}, minmax(0, 1fr))`, gap: 16, marginBottom: 16 }) as const;

function clock(sec: number | null): string {
  if (sec === null) return '—';
  const m = Math.floor(sec / 60);
  return `${m}:${String(sec % 60).padStart(2, '0')}`;
}

/** The wall screen (大屏): big, live, coloured by the organisation's thresholds; readable across a room. */
export function WallboardPage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const L = lang as KpiLanguage;
  const live = useLiveStatus();
  const board = useQuery({ queryKey: keys.wallboard, queryFn: () => api('GET /api/wallboard'), refetchInterval: REFRESH_MS });
  const [tick, setTick] = useState(() => Date.now());
  const [fullscreen, setFullscreen] = useState(false);
  const [editing, setEditing] = useState(false);
  const screen = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const i = setInterval(() => setTick(Date.now()), 1000);
    const onFs = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      clearInterval(i);
      document.removeEventListener('fullscreenchange', onFs);
    };
  }, []);

  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const b = board.data;
  const th: WallboardThresholds | null = b?.thresholds ?? null;
  const t1 = { t1Sec: b?.t1Sec ?? 15, t2Sec: 20 };
  // the longest wait keeps counting between updates
  const longest = b?.waiting.oldestRingingAt ? Math.max(0, Math.round((tick - Date.parse(b.waiting.oldestRingingAt)) / 1000)) : null;
  const level = (metric: keyof WallboardThresholds, v: number | null): Level => (th ? levelOf(metric, v, th) : 'none');
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, ...(b ? { timeZone: b.timeZone } : {}) }).format(tick);
  const canEdit = me.role === 'admin' || me.role === 'manager';

  return (
    <div ref={screen} data-testid="page-wallboard" style={{ background: '#000', color: '#f0f0f0', minHeight: '100%', padding: 24, overflow: 'auto' }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 16, gap: 16 }}>
        <div style={{ fontSize: 'clamp(20px, 2vw, 36px)', fontWeight: 700 }}>
          {me.org.name} · {t('wallboard.title')}
        </div>
        <Space size="large">
          <span data-testid="wallboard-live" style={{ color: live === 'open' ? colours.ok : colours.warn, fontSize: 16 }}>
            ● {t(live === 'open' ? 'wallboard.live' : 'wallboard.reconnecting')}
          </span>
          <span data-testid="wallboard-clock" style={{ fontSize: 'clamp(20px, 2vw, 36px)', fontVariantNumeric: 'tabular-nums' }}>
            {time}
          </span>
          {canEdit && (
            <Tooltip title={t('wallboard.settings')}>
              <Button data-testid="wallboard-settings" ghost icon={<SettingOutlined />} onClick={() => setEditing(true)} aria-label={t('wallboard.settings')} />
            </Tooltip>
          )}
          <Tooltip title={t(fullscreen ? 'wallboard.exitFullscreen' : 'wallboard.fullscreen')}>
            <Button
              data-testid="wallboard-fullscreen"
              ghost
              icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
              aria-label={t(fullscreen ? 'wallboard.exitFullscreen' : 'wallboard.fullscreen')}
              onClick={() => void (document.fullscreenElement ? document.exitFullscreen() : (screen.current ?? document.documentElement).requestFullscreen()).catch(() => undefined)}
            />
          </Tooltip>
        </Space>
      </div>

      <div style={grid(4)}>
        <Tile big testId="wb-waiting" label={t('wallboard.waiting')} value={b ? String(b.waiting.calls) : '…'} level={level('waitingCalls', b ? b.waiting.calls : null)} />
        <Tile big testId="wb-longest" label={t('wallboard.longestWait')} value={clock(longest)} level={level('longestWaitSec', longest)} />
        <Tile
          big
          testId="wb-sl-today"
          label={`${t('wallboard.today')} · ${kpiLabel(callLabels, 'serviceLevelT1', L, t1)}`}
          value={formatKpi('serviceLevelT1', b?.today.serviceLevel, L)}
          level={level('serviceLevel', b?.today.serviceLevel ?? null)}
          sub={b && `${b.today.answeredWithinT1} / ${b.today.answered}`}
        />
        <Tile
          big
          testId="wb-sl-30"
          label={`${t('wallboard.last30')} · ${kpiLabel(callLabels, 'serviceLevelT1', L, t1)}`}
          value={formatKpi('serviceLevelT1', b?.last30.serviceLevel, L)}
          level={level('serviceLevel', b?.last30.serviceLevel ?? null)}
          sub={b && `${b.last30.answeredWithinT1} / ${b.last30.answered}`}
        />
      </div>

      <div style={grid(7)}>
        {boardStates.map((s) => (
          <div key={s} data-testid={`wb-agents-${s}`} data-value={b?.agents[s] ?? ''} style={{ background: '#141414', borderRadius: 12, padding: '12px 16px', borderTop: `6px solid ${stateColours[s]}` }}>
            <div style={{ color: '#bfbfbf', fontSize: 'clamp(14px, 1.2vw, 20px)' }}>{t(`agent.state.${s}`)}</div>
            <div style={{ fontSize: 'clamp(28px, 3.5vw, 64px)', fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}>{b ? b.agents[s] : '…'}</div>
          </div>
        ))}
      </div>

      <div style={grid(7)}>
        <Tile testId="wb-offered" label={`${t('wallboard.today')} · ${kpiLabel(callLabels, 'offered', L, t1)}`} value={formatKpi('offered', b?.today.offered, L)} sub={b && `${kpiLabel(callLabels, 'shortAbandoned', L, t1)} ${b.today.shortAbandoned}`} />
        <Tile testId="wb-answered" label={kpiLabel(callLabels, 'answered', L, t1)} value={formatKpi('answered', b?.today.answered, L)} />
        <Tile testId="wb-answer-rate" label={kpiLabel(callLabels, 'answerRate', L, t1)} value={formatKpi('answerRate', b?.today.answerRate, L)} />
        <Tile
          testId="wb-abandoned"
          label={kpiLabel(callLabels, 'abandoned', L, t1)}
          value={formatKpi('abandoned', b?.today.abandoned, L)}
          level={level('abandonRate', b?.today.abandonRate ?? null)}
          sub={b && `${kpiLabel(callLabels, 'abandonRate', L, t1)} ${formatKpi('abandonRate', b.today.abandonRate, L)}`}
        />
        <Tile testId="wb-asa" label={kpiLabel(callLabels, 'asaSec', L, t1)} value={formatKpi('asaSec', b?.today.asaSec, L)} />
        <Tile testId="wb-due-soon" label={t('wallboard.ticketsDueSoon')} value={b ? String(b.tickets.dueSoon) : '…'} level={b && b.tickets.dueSoon > 0 ? 'warn' : 'none'} />
        <Tile testId="wb-overdue" label={t('wallboard.ticketsOverdue')} value={b ? String(b.tickets.overdue) : '…'} level={level('overdueTickets', b ? b.tickets.overdue : null)} />
      </div>
      {b && (
        <div style={{ color: '#595959', fontSize: 14 }} data-testid="wallboard-updated">
          {t('wallboard.updated')} {new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: b.timeZone }).format(Date.parse(b.at))}
        </div>
      )}
      {editing && th && <WallboardSettings thresholds={th} onClose={() => setEditing(false)} />}
    </div>
  );
}
