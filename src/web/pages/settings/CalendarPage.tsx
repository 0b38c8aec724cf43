import { DeleteOutlined, DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Modal, Result, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { BackLink } from '../../components/BackLink.js';
import { stringify } from 'yaml';
import { calendarOverridesSchema, createCalendar, MAX_BUSINESS_WINDOWS, parseCalendarYaml, type BusinessWindow, type DayInfo, type WorkCalendar } from '../../../shared/calendar/index.js';
import { api, type Answer } from '../../api.js';
import type { Me } from '../../auth.js';
import { ErrorState } from '../../components/States.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { useSlaCoverage } from '../tickets/api.js';
import { keys } from '../../queryKeys.js';

type Entry = { date: string; name?: string };
type RawEntry = string | { date: string; name?: string };

type CalendarDto = Answer<'GET /api/sla/calendar'>;

interface Draft {
  timezone: string;
  /** The business-hours windows as typed (checked by windowProblems before the schema sees them). */
  hours: BusinessWindow[];
  holidays: Entry[];
  workdays: Entry[];
  warnFraction: number;
}

/** A holiday or workday as the calendar file writes it: a date, or { date, name } (the route declares the lists as unknown[]; PUT checked them). */
const toEntry = (e: unknown): Entry => {
  if (typeof e !== 'object' || e === null) return { date: String(e) };
  const { date, name } = e as { date?: unknown; name?: unknown };
  return { date: String(date), ...(typeof name === 'string' && name && { name }) };
};
const fromEntry = (e: Entry): RawEntry => (e.name ? { date: e.date, name: e.name } : e.date);
const byDate = (a: Entry, b: Entry) => a.date.localeCompare(b.date);

/** The calendar file (the same format as `rexian sla due --calendar FILE.yaml`). */
function fileOf(d: Draft) {
  return {
    timezone: d.timezone,
    businessHours: d.hours.map((w) => ({ start: w.start, end: w.end })),
    holidays: [...d.holidays].sort(byDate).map(fromEntry),
    workdays: [...d.workdays].sort(byDate).map(fromEntry),
  };
}

function draftOf(c: CalendarDto): Draft {
  return { timezone: c.timezone, hours: windowsOf(c.businessHours), holidays: c.holidays.map(toEntry), workdays: c.workdays.map(toEntry), warnFraction: c.warnFraction };
}

const windowsOf = (h: BusinessWindow[] | BusinessWindow | undefined): BusinessWindow[] => (h === undefined ? [{ start: '09:00', end: '18:00' }] : Array.isArray(h) ? h.map((w) => ({ ...w })) : [{ ...h }]);

const clock = /^(?:([01]?\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string): number => Number(hhmm.split(':')[0]) * 60 + Number(hhmm.split(':')[1]);
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** What is wrong with each window (by index), in the reader's language; the same rules as the calendar schema. */
function windowProblems(hours: BusinessWindow[], t: (k: MessageKey) => string): Map<number, string> {
  const out = new Map<number, string>();
  hours.forEach((w, i) => {
    if (!clock.test(w.start) || !clock.test(w.end) || w.start.trim() === '24:00') return void out.set(i, t('tk.calp.win.badTime'));
    if (minutes(w.start) >= minutes(w.end)) return void out.set(i, t('tk.calp.win.endBeforeStart'));
    const prev = hours[i - 1];
    if (!prev || out.has(i - 1)) return;
    const fill = (k: MessageKey) => t(k).replace('{prev}', `${prev.start}–${prev.end}`).replace('{end}', prev.end);
    if (minutes(w.start) < minutes(prev.start)) out.set(i, fill('tk.calp.win.unordered'));
    else if (minutes(w.start) < minutes(prev.end)) out.set(i, fill('tk.calp.win.overlap'));
  });
  return out;
}

/** A new window after the last one: an hour and a half after it closes, for three and a half hours (within the day). */
function nextWindow(hours: BusinessWindow[]): BusinessWindow {
  const last = hours.at(-1);
  const from = last && clock.test(last.end) ? Math.min(minutes(last.end) + 90, 23 * 60) : 9 * 60;
  return { start: hhmm(from), end: hhmm(Math.min(from + 210, 24 * 60)) };
}

const editors = ['admin', 'manager'];
const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'UTC'];
  }
})();

/** 工作日历: the organisation's overrides of the built-in Chinese working days, with a month view and YAML import/export. */
export function CalendarPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const saved = useQuery({ queryKey: keys.sla.calendar, queryFn: () => api('GET /api/sla/calendar'), enabled: editors.includes(me.role) });
  if (!editors.includes(me.role)) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  if (saved.isPending) return <Spin />;
  if (saved.isError) return <ErrorState error={saved.error} onRetry={() => void saved.refetch()} />;
  return <CalendarEditor key={saved.data.updatedAt ?? 'new'} initial={saved.data} />;
}

function CalendarEditor({ initial }: { initial: CalendarDto }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const coverage = useSlaCoverage();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [importing, setImporting] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const today = coverage.data?.today ?? new Date().toISOString().slice(0, 10);
  const [month, setMonth] = useState<{ y: number; m: number }>(() => ({ y: Number(today.slice(0, 4)), m: Number(today.slice(5, 7)) }));

  // The draft as a calendar, so the month view shows unsaved changes; problems are listed instead (those of the
  // business-hours windows next to each window, in the reader's language).
  const hourProblems = useMemo(() => windowProblems(draft.hours, t), [draft.hours, t]);
  const checked = useMemo(() => {
    const r = calendarOverridesSchema.safeParse(fileOf(draft));
    if (!r.success) {
      const others = r.error.issues.filter((i) => i.path[0] !== 'businessHours');
      const hoursWrong = r.error.issues.length > others.length && hourProblems.size === 0 ? [t('tk.calp.win.none')] : [];
      return { cal: null, problems: [...hoursWrong, ...others.map((i) => `${i.path.join('.')}: ${i.message}`)] };
    }
    return { cal: createCalendar(r.data), problems: [] as string[] };
  }, [draft, hourProblems, t]);
  // while the draft has a mistake, the month view keeps showing the last calendar that was right
  const [lastGood, setLastGood] = useState<WorkCalendar | null>(null);
  if (checked.cal && checked.cal !== lastGood) setLastGood(checked.cal);
  const cal = checked.cal ?? lastGood ?? createCalendar();

  const save = useMutation({
    mutationFn: () => api('PUT /api/sla/calendar', { json: { ...fileOf(draft), warnFraction: draft.warnFraction } }),
    onSuccess: (r) => {
      void message.success(t('tk.calp.saved').replace('{n}', String(r.replanned ?? 0)));
      setSaveError(null);
      void qc.invalidateQueries({ queryKey: keys.sla.all });
      void qc.invalidateQueries({ queryKey: keys.tickets.all });
    },
    onError: (err) => setSaveError(err.message),
  });

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const toggle = (info: DayInfo) => {
    const without = (list: Entry[]) => list.filter((e) => e.date !== info.date);
    if (info.reason === 'override-holiday') return set({ holidays: without(draft.holidays) });
    if (info.reason === 'override-workday') return set({ workdays: without(draft.workdays) });
    if (info.working) return set({ holidays: [...draft.holidays, { date: info.date }].sort(byDate), workdays: without(draft.workdays) });
    return set({ workdays: [...draft.workdays, { date: info.date }].sort(byDate), holidays: without(draft.holidays) });
  };
  const exportYaml = () => {
    const text = `# ${t('tk.calp.fileHeader')}\n${stringify(fileOf(draft))}`;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'calendar.yaml';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const years = [...new Set([Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1, month.y])].sort();
  const missing = years.filter((y) => cal.coverage(y) === 'fallback');
  const view = cal.month(month.y, month.m);
  const shift = (n: number) => setMonth(({ y, m }) => ({ y: m + n > 12 ? y + 1 : m + n < 1 ? y - 1 : y, m: ((m + n + 11) % 12) + 1 }));

  return (
    <div data-testid="page-calendar">
      <BackLink to="/settings">{t('menu.settings')}</BackLink>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <h2 style={{ marginTop: 0 }}>{t('tk.calp.title')}</h2>
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="cal-import">
            {t('tk.calp.import')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={exportYaml} disabled={!checked.cal} data-testid="cal-export">
            {t('tk.calp.export')}
          </Button>
          <Button type="primary" onClick={() => save.mutate()} loading={save.isPending} disabled={!checked.cal} data-testid="cal-save">
            {t('common.save')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('tk.calp.intro')}</Typography.Paragraph>
      {missing.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="cal-coverage-warning" title={t('tk.cov.title').replace('{years}', missing.join('、'))} description={t('tk.calp.coverageHint')} />
      )}
      {checked.problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('tk.calp.invalid')} description={checked.problems.join('; ')} />}
      {saveError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={saveError} />}
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('tk.calp.basics')} style={{ marginBottom: 16 }}>
            <Form layout="vertical">
              <Form.Item label={t('tk.timeZone')}>
                <Select showSearch value={draft.timezone} onChange={(v: string) => set({ timezone: v })} options={timeZones.map((z) => ({ value: z, label: z }))} data-testid="cal-timezone" />
              </Form.Item>
              <Form.Item label={t('tk.calp.hours')} extra={t('tk.calp.hoursHint')}>
                <HoursEditor hours={draft.hours} problems={hourProblems} onChange={(hours) => set({ hours })} />
              </Form.Item>
              <Form.Item label={t('tk.calp.warn')} extra={t('tk.calp.warnHint')}>
                <InputNumber
                  min={5}
                  max={95}
                  step={5}
                  value={Math.round(draft.warnFraction * 100)}
                  onChange={(v) => v !== null && set({ warnFraction: Number(v) / 100 })}
                  addonAfter="%"
                  data-testid="cal-warn"
                />
              </Form.Item>
            </Form>
          </Card>
          <DayList kind="holidays" entries={draft.holidays} onChange={(holidays) => set({ holidays })} />
          <DayList kind="workdays" entries={draft.workdays} onChange={(workdays) => set({ workdays })} />
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title={
              <Space>
                <Button size="small" icon={<LeftOutlined />} onClick={() => shift(-1)} data-testid="cal-prev" />
                <span data-testid="cal-month">{`${month.y}-${String(month.m).padStart(2, '0')}`}</span>
                <Button size="small" icon={<RightOutlined />} onClick={() => shift(1)} data-testid="cal-next" />
                <Tag color={view.coverage === 'fallback' ? 'orange' : 'green'}>{t(`tk.calp.coverage.${view.coverage}` as MessageKey)}</Tag>
              </Space>
            }
            extra={<span data-testid="cal-working-days">{t('tk.calp.workingDays').replace('{n}', String(view.workingDays))}</span>}
          >
            <MonthGrid days={view.days} today={today} lang={lang} onToggle={toggle} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
              {t('tk.calp.clickHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onImport={(o) => {
          setDraft((d) => ({
            timezone: o.timezone ?? 'Asia/Shanghai',
            hours: windowsOf(o.businessHours),
            holidays: (o.holidays ?? []).map(toEntry).sort(byDate),
            workdays: (o.workdays ?? []).map(toEntry).sort(byDate),
            warnFraction: d.warnFraction,
          }));
          setImporting(false);
          void message.info(t('tk.calp.imported'));
        }}
      />
    </div>
  );
}

/** The business-hours windows of a day: one row per window (start – end), add and remove. */
function HoursEditor({ hours, problems, onChange }: { hours: BusinessWindow[]; problems: Map<number, string>; onChange: (h: BusinessWindow[]) => void }) {
  const { t } = useI18n();
  const edit = (i: number, patch: Partial<BusinessWindow>) => onChange(hours.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <div data-testid="cal-hours">
      {hours.map((w, i) => (
        <div key={i} style={{ marginBottom: 8 }} data-testid="cal-window">
          <Space>
            <Input style={{ width: 90 }} value={w.start} onChange={(e) => edit(i, { start: e.target.value })} status={problems.has(i) ? 'error' : undefined} data-testid={`cal-start-${i}`} />
            <span>–</span>
            <Input style={{ width: 90 }} value={w.end} onChange={(e) => edit(i, { end: e.target.value })} status={problems.has(i) ? 'error' : undefined} data-testid={`cal-end-${i}`} />
            <Button
              size="small"
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t('tk.calp.removeWindow')}
              title={t('tk.calp.removeWindow')}
              disabled={hours.length === 1}
              onClick={() => onChange(hours.filter((_, j) => j !== i))}
              data-testid={`cal-remove-window-${i}`}
            />
          </Space>
          {problems.has(i) && (
            <div style={{ color: '#cf1322', fontSize: 12, marginTop: 2 }} data-testid={`cal-window-problem-${i}`}>
              {problems.get(i)}
            </div>
          )}
        </div>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...hours, nextWindow(hours)])} disabled={hours.length >= MAX_BUSINESS_WINDOWS} data-testid="cal-add-window">
        {t('tk.calp.addWindow')}
      </Button>
    </div>
  );
}

const weekdays: Record<string, string[]> = {
  'zh-CN': ['一', '二', '三', '四', '五', '六', '日'],
  'zh-TW': ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Monday-first month grid: working days white, days off shaded; 休 / 班 as on Chinese calendars; overrides outlined. */
function MonthGrid({ days, today, lang, onToggle }: { days: DayInfo[]; today: string; lang: string; onToggle: (d: DayInfo) => void }) {
  const lead = (days[0]?.weekday ?? 1) - 1;
  const cells: Array<DayInfo | null> = [...Array.from({ length: lead }, () => null), ...days];
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 4 }} data-testid="cal-grid">
      {(weekdays[lang] ?? weekdays.en ?? []).map((w) => (
        <div key={w} style={{ textAlign: 'center', fontWeight: 600, color: 'rgba(0,0,0,0.55)' }}>
          {w}
        </div>
      ))}
      {cells.map((d, i) =>
        d === null ? (
          <div key={`pad-${i}`} />
        ) : (
          <button
            type="button"
            key={d.date}
            onClick={() => onToggle(d)}
            data-testid={`cal-day-${d.date}`}
            data-working={String(d.working)}
            title={d.name ?? ''}
            style={{
              minHeight: 58,
              padding: 4,
              textAlign: 'left',
              cursor: 'pointer',
              borderRadius: 6,
              background: d.working ? '#fff' : '#fff1f0',
              border: d.reason.startsWith('override') ? '2px solid #c8102e' : d.date === today ? '2px solid #1677ff' : '1px solid #f0f0f0',
              font: 'inherit',
            }}
          >
            <div style={{ display: 'flex', justifyContent: 'space-between' }}>
              <strong style={{ color: d.working ? 'rgba(0,0,0,0.85)' : '#cf1322' }}>{Number(d.date.slice(8))}</strong>
              {!d.working && d.weekday <= 5 && <Tag color="red" style={{ marginInlineEnd: 0 }}>休</Tag>}
              {d.working && d.weekday >= 6 && <Tag color="blue" style={{ marginInlineEnd: 0 }}>班</Tag>}
            </div>
            <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.55)', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{d.name ?? ''}</div>
          </button>
        ),
      )}
    </div>
  );
}

function DayList({ kind, entries, onChange }: { kind: 'holidays' | 'workdays'; entries: Entry[]; onChange: (e: Entry[]) => void }) {
  const { t } = useI18n();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || entries.some((e) => e.date === date)) return;
    onChange([...entries, { date, ...(name.trim() && { name: name.trim() }) }].sort(byDate));
    setDate('');
    setName('');
  };
  return (
    <Card size="small" title={t(`tk.calp.${kind}`)} style={{ marginBottom: 16 }} data-testid={`cal-${kind}`}>
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input type="date" value={date} onChange={(e) => setDate(e.target.value)} style={{ width: 160 }} data-testid={`cal-${kind}-date`} />
        <Input placeholder={t('tk.calp.dayName')} value={name} onChange={(e) => setName(e.target.value)} data-testid={`cal-${kind}-name`} />
        <Button onClick={add} disabled={!date} data-testid={`cal-${kind}-add`}>
          {t('tk.calp.add')}
        </Button>
      </Space.Compact>
      <Table<Entry>
        rowKey="date"
        size="small"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={entries}
        locale={{ emptyText: t('tk.calp.noDays') }}
        columns={[
          { title: t('tk.calp.date'), dataIndex: 'date', render: (v: string) => <span data-testid={`cal-${kind}-row`}>{v}</span> },
          { title: t('tk.calp.dayName'), dataIndex: 'name', render: (v?: string) => v ?? '' },
          {
            key: 'x',
            width: 40,
            render: (_: unknown, e) => <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('tk.calp.remove')} onClick={() => onChange(entries.filter((x) => x.date !== e.date))} data-testid={`cal-remove-${e.date}`} />,
          },
        ]}
      />
    </Card>
  );
}

function ImportModal({ open, onClose, onImport }: { open: boolean; onClose: () => void; onImport: (o: ReturnType<typeof parseCalendarYaml>) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    try {
      onImport(parseCalendarYaml(text, 'calendar.yaml'));
      setText('');
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Modal open={open} title={t('tk.calp.import')} onCancel={onClose} onOk={apply} okText={t('tk.calp.importApply')} cancelText={t('common.cancel')} okButtonProps={{ ...({ 'data-testid': 'cal-import-apply' } as Record<string, string>) }} width={640} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('tk.calp.importHint')}</Typography.Paragraph>
      <input
        type="file"
        accept=".yaml,.yml,text/yaml"
        data-testid="cal-import-file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) setText(await f.text());
        }}
        style={{ marginBottom: 8 }}
      />
      <Input.TextArea rows={10} value={text} onChange={(e) => setText(e.target.value)} style={{ fontFamily: 'monospace' }} data-testid="cal-import-text" placeholder={'timezone: Asia/Shanghai\nholidays:\n  - 2027-10-01'} />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="cal-import-error" />}
    </Modal>
  );
}
