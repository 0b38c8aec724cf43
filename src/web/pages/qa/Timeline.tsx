import { Tooltip } from 'antd';
import { labelled } from '../../i18n/compose.js';
import { useI18n } from '../../i18n/index.js';
import { checkName, type CustomRuleNames } from './checkLabels.js';

export interface Segment {
  speaker: 'agent' | 'customer';
  start: number;
  end: number;
  text: string;
}
export interface CallEvent {
  type: string;
  at: number;
  to?: string;
  by?: string;
}
export interface Finding {
  check: string;
  segment: number | null;
  at: number;
  evidence: string;
}

const DEAD_AIR_MS = 10_000;

/** Holds, gaps with nobody speaking outside holds, and agent-over-customer overlaps, from the transcript alone. */
export function timelineOf(segments: Segment[], events: CallEvent[]) {
  const holds: Array<[number, number]> = [];
  let holdStart: number | null = null;
  for (const e of events) {
    if (e.type === 'hold') holdStart = e.at;
    if (e.type === 'resume' && holdStart !== null) {
      holds.push([holdStart, e.at]);
      holdStart = null;
    }
  }
  const inHold = (a: number, b: number) => holds.some(([s, e]) => a < e && b > s);
  const silences: Array<[number, number]> = [];
  const overlaps: Array<[number, number]> = [];
  let lastEnd = 0;
  for (const s of segments) {
    if (s.start - lastEnd > DEAD_AIR_MS && !inHold(lastEnd, s.start)) silences.push([lastEnd, s.start]);
    lastEnd = Math.max(lastEnd, s.end);
  }
  for (const a of segments.filter((s) => s.speaker === 'agent'))
    for (const c of segments.filter((s) => s.speaker === 'customer'))
      if (a.start > c.start && a.start < c.end) overlaps.push([a.start, Math.min(a.end, c.end)]);
  const end = Math.max(lastEnd, ...events.map((e) => e.at), 1);
  return { holds, silences, overlaps, end };
}

const fmt = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

export function Timeline({ segments, events, findings, onPick, custom }: { segments: Segment[]; events: CallEvent[]; findings: Finding[]; onPick: (segment: number) => void; custom?: CustomRuleNames }) {
  const { t, lang } = useI18n();
  const { holds, silences, overlaps, end } = timelineOf(segments, events);
  const pct = (ms: number) => `${(ms / end) * 100}%`;
  const bar = (key: string, [a, b]: [number, number], color: string, label: string, top: number, h = 14) => (
    <Tooltip key={key} title={`${label} ${fmt(a)}–${fmt(b)}`}>
      <div style={{ position: 'absolute', left: pct(a), width: `max(2px, ${((b - a) / end) * 100}%)`, top, height: h, background: color, borderRadius: 2 }} />
    </Tooltip>
  );
  return (
    <div data-testid="qa-timeline">
      <div style={{ position: 'relative', height: 78, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6 }}>
        {segments.map((s, i) => (
          <Tooltip key={`s${i}`} title={labelled(t, `${t(`qa.speaker.${s.speaker}`)} ${fmt(s.start)}`, s.text)}>
            <div
              onClick={() => onPick(i)}
              style={{ position: 'absolute', cursor: 'pointer', left: pct(s.start), width: `max(2px, ${((s.end - s.start) / end) * 100}%)`, top: s.speaker === 'agent' ? 8 : 26, height: 14, background: s.speaker === 'agent' ? '#1677ff' : '#52c41a', borderRadius: 2 }}
            />
          </Tooltip>
        ))}
        {holds.map((h, i) => bar(`h${i}`, h, '#bfbfbf', t('qa.hold'), 44))}
        {silences.map((h, i) => bar(`g${i}`, h, '#faad14', t('qa.silence'), 44))}
        {overlaps.map((h, i) => bar(`o${i}`, h, '#ff4d4f', t('qa.overlap'), 44))}
        {findings.map((f, i) => (
          <Tooltip key={`f${i}`} title={`${checkName(f.check, lang, custom)} ${fmt(f.at)}`}>
            <div style={{ position: 'absolute', left: pct(f.at), top: 62, width: 0, height: 0, borderLeft: '6px solid transparent', borderRight: '6px solid transparent', borderBottom: '10px solid #cf1322', transform: 'translateX(-6px)' }} />
          </Tooltip>
        ))}
      </div>
      <div style={{ display: 'flex', gap: 16, fontSize: 12, color: '#8c8c8c', marginTop: 4 }}>
        <span><span style={{ display: 'inline-block', width: 10, height: 10, background: '#1677ff', marginRight: 4 }} />{t('qa.speaker.agent')}</span>
        <span><span style={{ display: 'inline-block', width: 10, height: 10, background: '#52c41a', marginRight: 4 }} />{t('qa.speaker.customer')}</span>
        <span><span style={{ display: 'inline-block', width: 10, height: 10, background: '#bfbfbf', marginRight: 4 }} />{t('qa.hold')}</span>
        <span><span style={{ display: 'inline-block', width: 10, height: 10, background: '#faad14', marginRight: 4 }} />{t('qa.silence')}</span>
        <span><span style={{ display: 'inline-block', width: 10, height: 10, background: '#ff4d4f', marginRight: 4 }} />{t('qa.overlap')}</span>
        <span style={{ marginLeft: 'auto' }}>{fmt(end)}</span>
      </div>
    </div>
  );
}
