import { PauseCircleOutlined, PhoneOutlined, PlayCircleOutlined, PlusOutlined, SoundOutlined, StopOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Dropdown, Empty, Form, Grid, Input, Modal, Popconfirm, Radio, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createAssist, type Mark, type Source, type TabooWarning } from '../../../shared/assist/index.js';
import { mergeSegments } from '../../../shared/cti/merge-segments.js';
import { renderScript } from '../../../shared/standards/render.js';
import type { Pack } from '../../../shared/standards/schema.js';
import { currentStage, sopStageIds, sopStages, stagesDone, type SopFacts } from '../../../shared/workbench/sop.js';
import { wrapUpLeftMs } from '../../../shared/workbench/timers.js';
import { ApiError } from '../../api.js';
import type { Me } from '../../auth.js';
import { ScreenPop } from '../../components/ScreenPop.js';
import { ErrorState } from '../../components/States.js';
import { labelled } from '../../i18n/compose.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { useLiveEvents, useLiveResumed, type LiveMessage } from '../../live.js';
import { clock, since, useMyState, useTicker, type Call, type TranscriptSegment } from '../calls/api.js';
import { KnowledgeSuggestions } from '../knowledge/KnowledgeSuggestions.js';
import { useHotlineIdentity } from '../settings/orgProfile.js';
import { useActivePack } from '../standards/api.js';
import { isManual, useCallDetail, useCurrent, useWorkbenchActions, type WrapUpResult } from './api.js';
import { AssistPanel, LiveTranscript, NotesBox } from './AssistPanel.js';
import { ComplaintTimer, HoldTimer, reportKindKey, reportKinds, SilentCallHelper, type ReportKind } from './CallHelpers.js';
import { NightCard } from './NightCard.js';
import { SopStepper } from './SopStepper.js';
import { WrapUpDone, WrapUpForm, type WrapUpValues } from './WrapUpForm.js';

/** Everything the agent does to one call on this page; a new call starts a fresh one. */
interface Session {
  callId: string;
  notes: string;
  scenarioId: string | null;
  customerTypeId: string | null;
  floor: number;
  recap: string[];
  /** Hold started on the workbench for a switch that does not report holds (ms), or null. */
  localHold: number | null;
  /** Last check-in during the current hold (ms). */
  checkIn: number | null;
  silent: number[] | null;
  /** When the last hold this page kept ended (ms), for the thanks line. */
  holdEnded: number | null;
  /** The transfer target the agent is announcing. */
  transferTo: string | null;
  complaintAt: number | null;
  /** The agent ticked 已问候: the greeting was said on a call the page cannot hear (a manual call, no live transcript). */
  greeted?: boolean;
  live: TranscriptSegment[];
}

const fresh = (callId: string): Session => ({ callId, notes: '', scenarioId: null, customerTypeId: null, floor: 0, recap: [], localHold: null, checkIn: null, silent: null, holdEnded: null, transferTo: null, complaintAt: null, live: [] });

/** A call's saved session (sessionStorage), or a fresh one; null without a call. */
function loadSession(callId: string | null): Session | null {
  if (!callId) return null;
  try {
    const saved = sessionStorage.getItem(`rexian.wb.${callId}`);
    if (saved) return { ...fresh(callId), ...(JSON.parse(saved) as Partial<Session>), live: [] };
  } catch {
    // storage unavailable or damaged: start afresh
  }
  return fresh(callId);
}

/** Keeps the session of a call across reloads (the agent's notes must survive an accidental F5). */
function useSession(callId: string | null) {
  const [session, setSession] = useState<Session | null>(() => loadSession(callId));
  // another call: take its session while rendering (React's way to adjust state to a prop, rather than an effect)
  if ((session?.callId ?? null) !== callId) setSession(loadSession(callId));
  useEffect(() => {
    if (!session) return;
    const { live: _live, ...keep } = session;
    try {
      sessionStorage.setItem(`rexian.wb.${session.callId}`, JSON.stringify(keep));
    } catch {
      // best effort
    }
  }, [session]);
  const update = (patch: Partial<Session> | ((s: Session) => Partial<Session>)) => setSession((s) => (s ? { ...s, ...(typeof patch === 'function' ? patch(s) : patch) } : s));
  return [session, update] as const;
}

/** How long the thanks line stays up after a hold. */
const THANKS_MS = 20_000;

const refusal = (err: unknown) => (err instanceof ApiError || err instanceof Error ? err.message : String(err));

/** 坐席工作台: the call in front of the agent, guided by the organisation's standard. */
export function WorkbenchPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const pack = useActivePack();
  const current = useCurrent(me.agentNo !== null);
  if (!me.agentNo)
    return (
      <Card data-testid="page-workbench">
        <Empty description={t('wb.noAgentNo')} />
      </Card>
    );
  if (pack.isPending || current.isPending) return <Spin />;
  if (pack.isError) return <ErrorState error={pack.error} />;
  if (current.isError) return <ErrorState error={current.error} />;
  if (!pack.data)
    return (
      <Card data-testid="page-workbench">
        <Empty description={t('wb.noPack')} />
      </Card>
    );
  return <Workbench me={me} pack={pack.data.content} currentCall={current.data.call} />;
}

function Workbench({ me, pack, currentCall }: { me: Me; pack: Pack; currentCall: Call | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const now = useTicker(1000);
  const actions = useWorkbenchActions();
  const myState = useMyState(true).data;
  const [callId, setCallId] = useState<string | null>(currentCall?.id ?? null);
  const [done, setDone] = useState<WrapUpResult | null>(null);
  const [newCall, setNewCall] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [wrapError, setWrapError] = useState<string | null>(null);
  const [form] = Form.useForm<WrapUpValues>();
  const screens = Grid.useBreakpoint();
  const columns = screens.xxl ? 3 : screens.xl ? 2 : 1;
  const [session, update] = useSession(callId);
  const detail = useCallDetail(callId);
  const call = detail.data ?? null;

  // A call that rings at (or is answered by) this agent becomes the workbench's call.
  if (currentCall && currentCall.id !== callId && !done) setCallId(currentCall.id);
  useLiveEvents((m: LiveMessage) => {
    const id = typeof m.data['callId'] === 'string' ? m.data['callId'] : null;
    if (!id) return;
    if (m.data['pop'] === true && (m.type === 'call.ringing' || m.type === 'call.answered' || m.type === 'call.transferred') && id !== callId) {
      setDone(null);
      setWrapError(null);
      form.resetFields();
      setCallId(id);
    } else if (m.type === 'call.segment' && id === callId) {
      const seg = m.data['segment'] as TranscriptSegment | undefined;
      if (seg) update((s) => ({ live: [...s.live, seg] }));
    }
  });

  // Segments pushed while the feed was down are not replayed (they are not stored as events): refetch the call's transcript.
  useLiveResumed(() => {
    if (callId) void detail.refetch();
  });

  // Prefill what the call already tells: the caller's number.
  useEffect(() => {
    if (call?.from && !call.from.includes('*') && !form.getFieldValue('callerPhone')) form.setFieldValue('callerPhone', call.from);
  }, [call?.from, form]);

  const assist = useMemo(() => createAssist(pack), [pack]);
  // {org}, {hotline} and {city} as this hotline's profile says them (the pack's defaults where it says nothing)
  const identity = useHotlineIdentity(pack)!;
  const vars = { ...identity, agentId: me.agentNo ?? '', agentName: me.displayName };
  const segments = useMemo(() => mergeSegments(call?.transcript ?? [], session?.live ?? []), [call?.transcript, session?.live]);
  const notes = session?.notes ?? '';

  const segWarnings = useMemo(() => new Map(segments.filter((s) => s.speaker === 'agent').map((s) => [s, assist.warnings(s.text, 'agent')])), [assist, segments]);
  const noteWarnings = useMemo(() => assist.warnings(notes, 'notes'), [assist, notes]);
  const marks = useMemo(() => segments.map((s) => ({ s, m: assist.marks(s.text, s.speaker) })), [assist, segments]);

  const scenario = pack.scenarios.find((s) => s.id === session?.scenarioId) ?? null;
  const customerType = pack.customerTypes.find((c) => c.id === session?.customerTypeId) ?? null;
  const category = Form.useWatch('category', form);
  const has = (m: Mark, who: 'agent' | 'customer' = 'agent') => marks.some((x) => x.s.speaker === who && x.m.includes(m));
  const firstAgent = marks.find((x) => x.s.speaker === 'agent');
  const greetIdx = firstAgent ? segments.indexOf(firstAgent.s) : -1;
  const recapAll = pack.callRules.wrapUp.mustRecord.length > 0 && pack.callRules.wrapUp.mustRecord.every((i) => session?.recap.includes(i));
  const facts: SopFacts = {
    greeted: Boolean(firstAgent?.m.includes('greeting') && firstAgent.s.text.includes(me.agentNo ?? '\u0000')) || session?.greeted === true,
    needKnown: segments.some((s, i) => s.speaker === 'customer' && i > greetIdx && greetIdx >= 0) || notes.trim().length > 0 || scenario !== null,
    // once wrapped up the form is gone; the record was made
    categoryChosen: Boolean(category) || done !== null,
    resolved: has('deadline') || has('transferNotice') || (call?.transfers.length ?? 0) > 0,
    recapDone: has('recap') || recapAll,
    closed: has('closingOffer') || has('farewell'),
    ended: call?.status === 'ended',
  };
  const stageDone = stagesDone(facts);
  const stageIndex = currentStage(facts, session?.floor ?? 0);
  const stage = sopStageIds[stageIndex];
  // scenarios come from what the caller says and the notes; those of a step the call is past (the greeting) are left out
  const suggestions = useMemo(() => {
    const items: Array<{ text: string; source: Source }> = segments.map((s) => ({ text: s.text, source: s.speaker }));
    if (notes.trim()) items.push({ text: notes, source: 'notes' });
    return assist.accumulate(items, { stage });
  }, [assist, segments, notes, stage]);
  const stages = sopStages(pack, { vars, rings: call?.rings ?? null, scenario, customerType });

  // Holds: reported by the switch (or by this page for manual calls), or kept here for a switch that does not report them.
  const openHold = call?.holds.find((h) => h.end === null) ?? null;
  const holdStart = openHold ? new Date(openHold.start).getTime() : (session?.localHold ?? null);
  const earlierHoldMs = (call?.holds ?? []).filter((h) => h.end !== null).reduce((a, h) => a + (new Date(h.end!).getTime() - new Date(h.start).getTime()), 0);
  const onHold = holdStart !== null && call?.status === 'answered';
  // A check-in from an earlier hold is before this hold's start and does not count (holdState).

  // The unresolved-complaint clock (180 秒规则) counts from the answer, as the rule (and QA) does; it shows once the
  // caller's dissatisfaction is heard (or the agent marks the dispute by hand).
  const complaintRule = pack.callRules.unresolvedComplaint;
  const answeredAt = call?.answeredAt ?? null;
  const dissatisfiedAt = useMemo(() => {
    const first = marks.find((x) => x.s.speaker === 'customer' && x.m.includes('dissatisfaction'));
    return first && answeredAt ? new Date(answeredAt).getTime() + first.s.start : null;
  }, [marks, answeredAt]);
  const disputeSeenAt = session?.complaintAt ?? dissatisfiedAt;
  const complaintAt = disputeSeenAt !== null && call?.answeredAt ? new Date(call.answeredAt).getTime() : disputeSeenAt;

  // Dead air and speech rate, from the live transcript.
  const lastSpeech = segments.length && call?.answeredAt ? new Date(call.answeredAt).getTime() + Math.max(...segments.map((s) => s.end)) : null;
  const deadAir = call?.status === 'answered' && lastSpeech !== null ? assist.deadAir(Math.max(0, (now - lastSpeech) / 1000), { onHold }) : null;
  const rate = assist.speechRate(segments.filter((s) => s.speaker === 'agent').map((s) => ({ text: s.text, startMs: s.start, endMs: s.end })));

  const wrapLeft = myState?.state === 'wrap_up' && myState.since ? wrapUpLeftMs(pack.callRules.wrapUp, new Date(myState.since).getTime(), now) : null;
  const silentOpen = session?.silent !== null && session?.silent !== undefined;
  const manual = call ? isManual(call) : false;
  const reportable = pack.scenarios.filter((s) => s.followUp.some((f) => f.type === 'report'));
  const complaintTarget = complaintRule?.transferTo ? (pack.callRules.transfer.targets.find((x) => x.id === complaintRule.transferTo)?.name ?? complaintRule.transferTo) : null;

  const hold = () => {
    if (!call) return;
    if (manual) actions.callEvent.mutate({ callId: call.id, type: onHold ? 'resume' : 'hold' }, { onError: (e) => void message.error(refusal(e)) });
    else update(onHold ? { localHold: null, holdEnded: Date.now() } : { localHold: Date.now(), checkIn: null });
  };
  // The thanks line (谢谢您的耐心等候) for a while after any hold ends.
  const lastHoldEnd = Math.max(session?.holdEnded ?? 0, ...(call?.holds ?? []).map((h) => (h.end ? new Date(h.end).getTime() : 0)));
  const showThanks = pack.callRules.hold.thankAfterWait && !onHold && call?.status === 'answered' && lastHoldEnd > 0 && now - lastHoldEnd < THANKS_MS;
  const transferTarget = pack.callRules.transfer.targets.find((x) => x.id === session?.transferTo) ?? null;
  const holdButton = (
    <Button icon={onHold ? <PlayCircleOutlined /> : <PauseCircleOutlined />} onClick={onHold || !pack.callRules.hold.askConsent ? hold : undefined} data-testid="wb-hold-toggle" type={onHold ? 'primary' : 'default'}>
      {onHold ? t('wb.resume') : t('wb.hold')}
    </Button>
  );
  const endManual = () => call && actions.callEvent.mutate({ callId: call.id, type: 'end' }, { onError: (e) => void message.error(refusal(e)) });
  const submitWrapUp = (body: Parameters<typeof actions.wrapUp.mutate>[0]['body']) => {
    if (!call) return;
    setWrapError(null);
    actions.wrapUp.mutate(
      { callId: call.id, body: { ...body, ...(scenario && { scenarioId: scenario.id }), ...(customerType && { customerTypeId: customerType.id }) } },
      {
        onSuccess: (r) => {
          setDone(r);
          try {
            sessionStorage.removeItem(`rexian.wb.${call.id}`);
          } catch {
            // best effort
          }
        },
        onError: (e) => setWrapError(refusal(e)),
      },
    );
  };
  const next = () => {
    setDone(null);
    setCallId(null);
    form.resetFields();
  };

  const toolbar = (
    <Space wrap>
      <Button icon={<PlusOutlined />} onClick={() => setNewCall(true)} disabled={call?.status === 'answered'} data-testid="wb-new-call">
        {t('wb.newCall')}
      </Button>
      {call?.status === 'answered' && (
        <>
          {onHold || !pack.callRules.hold.askConsent ? (
            holdButton
          ) : (
            <Popconfirm
              title={t('wb.hold.askFirst')}
              description={<div style={{ maxWidth: 320 }}>{renderScript(pack.callRules.hold.consentScript, vars)}</div>}
              okText={t('wb.hold.consented')}
              cancelText={t('common.cancel')}
              onConfirm={hold}
              okButtonProps={{ ...({ 'data-testid': 'wb-hold-consented' } as Record<string, string>) }}
            >
              {holdButton}
            </Popconfirm>
          )}
          <Dropdown
            menu={{
              items: pack.callRules.transfer.targets.map((x) => ({ key: x.id, label: <span data-testid={`wb-transfer-${x.id}`}>{x.name}</span> })),
              onClick: ({ key }) => update({ transferTo: key }),
            }}
          >
            <Button icon={<SwapOutlined />} data-testid="wb-transfer">
              {t('wb.transfer')}
            </Button>
          </Dropdown>
          <Button icon={<SoundOutlined />} onClick={() => update({ silent: silentOpen ? null : [] })} data-testid="wb-silent-toggle">
            {t('wb.silent.title')}
          </Button>
          <Button icon={<UserSwitchOutlined />} danger onClick={() => setReporting(true)} data-testid="wb-report">
            {t('wb.report')}
          </Button>
          {complaintRule && complaintAt === null && (
            <Button onClick={() => update({ complaintAt: Date.now() })} data-testid="wb-complaint-start">
              {t('wb.complaint.start')}
            </Button>
          )}
          {manual && (
            <Popconfirm
              title={t('wb.hangup.confirm')}
              description={t('wb.hangup.confirmHint')}
              okText={t('wb.hangup')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, ...({ 'data-testid': 'wb-hangup-confirm' } as Record<string, string>) }}
              cancelButtonProps={{ ...({ 'data-testid': 'wb-hangup-cancel' } as Record<string, string>) }}
              onConfirm={endManual}
            >
              <Button icon={<StopOutlined />} danger type="primary" data-testid="wb-hangup">
                {t('wb.hangup')}
              </Button>
            </Popconfirm>
          )}
        </>
      )}
    </Space>
  );

  return (
    <div data-testid="page-workbench">
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <PhoneOutlined style={{ fontSize: 22, color: '#c8102e' }} />
          {call ? (
            <Space size="middle" wrap data-testid="wb-call" data-status={call.status}>
              <Typography.Title level={4} style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }} data-testid="wb-caller">
                {call.from ?? t('calls.unknownNumber')}
              </Typography.Title>
              <Tag color={call.status === 'answered' ? (onHold ? 'orange' : 'blue') : call.status === 'ringing' ? 'gold' : 'default'} data-testid="wb-call-status">
                {onHold ? t('wb.onHold') : t(`calls.status.${call.status}` as MessageKey)}
              </Tag>
              <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="wb-talk">
                {call.status === 'answered' ? since(call.answeredAt, now, lang) : call.status === 'ringing' ? since(call.ringingAt, now, lang) : clock(call.talkMs, lang)}
              </span>
              {manual && <Tag>{t('wb.manual')}</Tag>}
              {deadAir?.exceeded && (
                <Tag color="red" data-testid="wb-dead-air">
                  {t('wb.deadAir').replace('{s}', String(Math.round(deadAir.seconds)))}
                </Tag>
              )}
              {rate.status === 'fast' || rate.status === 'slow' ? (
                <Tag color="orange" data-testid="wb-rate">
                  {t(`wb.rate.${rate.status}`)} {rate.rate} {t('wb.rate.unit')}
                </Tag>
              ) : null}
            </Space>
          ) : (
            <Typography.Text type="secondary" data-testid="wb-idle">
              {t('wb.idle')}
            </Typography.Text>
          )}
          <div style={{ marginLeft: 'auto' }}>{toolbar}</div>
        </div>
      </Card>

      {!call || !session ? (
        <Card>
          <Empty description={t('empty.workbench.body')} />
        </Card>
      ) : (
        <WorkbenchLayout
          columns={columns}
          ringing={call.status === 'ringing'}
          pop={
            <Card size="small" title={t('calls.pop.title')} data-testid="wb-pop" styles={{ body: columns === 3 ? undefined : { maxHeight: 440, overflowY: 'auto' } }}>
              <ScreenPop callId={call.id} />
            </Card>
          }
          guide={
            <>
              <SopStepper
                stages={stages}
                current={stageIndex}
                done={stageDone}
                onGo={(i) => update({ floor: i })}
                recapTicks={new Set(session.recap)}
                onTick={(item, on) => update((s) => ({ recap: on ? [...s.recap, item] : s.recap.filter((x) => x !== item) }))}
                onGreeted={call.status === 'answered' ? () => update({ greeted: true }) : undefined}
              />
              {call.night && pack.nightMode?.enabled && <NightCard night={pack.nightMode} vars={vars} />}
              {showThanks && <Alert type="success" showIcon data-testid="wb-hold-thanks" title={`${t('wb.hold.onResume')} ${renderScript(pack.callRules.hold.thanksScript, vars)}`} />}
              {transferTarget && call.status === 'answered' && (
                <Card size="small" title={labelled(t, t('wb.transfer'), transferTarget.name)} extra={<Button size="small" type="link" onClick={() => update({ transferTo: null })}>{t('wb.close')}</Button>} data-testid="wb-transfer-card">
                  {transferTarget.description && <Typography.Paragraph type="secondary">{transferTarget.description}</Typography.Paragraph>}
                  <div style={{ background: '#f0f7ff', borderLeft: '3px solid #1677ff', padding: '6px 10px', borderRadius: 4, fontSize: 15 }} data-testid="wb-transfer-notice">
                    {renderScript(pack.callRules.transfer.notice, { ...vars, target: transferTarget.name })}
                  </div>
                  {transferTarget.number && <Typography.Paragraph style={{ marginTop: 8 }}>{`${t('wb.transfer.number')} ${transferTarget.number}`}</Typography.Paragraph>}
                  {call.transfers.length > 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{`${t('wb.transfer.done')} ${call.transfers.map((x) => x.target).join('、')}`}</Typography.Paragraph>}
                </Card>
              )}
              {onHold && holdStart !== null && (
                <HoldTimer
                  rules={pack.callRules.hold}
                  vars={vars}
                  now={now}
                  holdStart={holdStart}
                  lastCheckIn={session.checkIn}
                  earlierHoldMs={earlierHoldMs}
                  onCheckIn={() => update({ checkIn: Date.now() })}
                />
              )}
              {silentOpen && <SilentCallHelper rules={pack.callRules.silentCall} vars={vars} now={now} said={session.silent ?? []} onSay={() => update((s) => ({ silent: [...(s.silent ?? []), Date.now()] }))} onClose={() => update({ silent: null })} />}
              {complaintRule && complaintAt !== null && call.status === 'answered' && (
                <ComplaintTimer rule={complaintRule} vars={vars} targetName={complaintTarget} now={now} startedAt={complaintAt} onTicket={() => form.setFieldsValue({ outcome: 'ticket' })} />
              )}
              <Row gutter={[12, 12]}>
                <Col xs={24} lg={columns === 2 ? 24 : 12}>
                  <LiveTranscript segments={segments} warningsOf={(s) => segWarnings.get(s) ?? ([] as TabooWarning[])} />
                </Col>
                <Col xs={24} lg={columns === 2 ? 24 : 12}>
                  <NotesBox value={notes} onChange={(v) => update({ notes: v })} warnings={noteWarnings} />
                </Col>
              </Row>
            </>
          }
          wrapUp={
            done ? (
              <WrapUpDone result={done} onNext={next} />
            ) : (
              <WrapUpForm
                pack={pack}
                form={form}
                ended={call.status === 'ended'}
                wrapUpLeftMs={wrapLeft}
                recap={session.recap}
                notes={notes}
                pending={actions.wrapUp.isPending}
                error={wrapError}
                onSubmit={submitWrapUp}
                draftWarnings={(text) => assist.warnings(text, 'draft')}
                nightCall={call.night}
              />
            )
          }
          assist={
            <AssistPanel
              suggestions={suggestions}
              scenarios={pack.scenarios}
              scenario={scenario}
              customerType={customerType}
              onScenario={(id) => update({ scenarioId: id, ...(id && { floor: Math.max(session.floor, 1) }) })}
              onCustomerType={(id) => update({ customerTypeId: id })}
            />
          }
          knowledge={<KnowledgeSuggestions scenarioIds={[...(scenario ? [scenario.id] : []), ...suggestions.scenarios.map((s) => s.id)]} query={[...segments.filter((s) => s.speaker === 'customer').slice(-3).map((s) => s.text), notes].join(' ')} limit={3} />}
        />
      )}

      <NewCallModal
        open={newCall}
        pending={actions.startCall.isPending}
        onClose={() => setNewCall(false)}
        onStart={(from, direction) =>
          actions.startCall.mutate(
            { from, direction },
            {
              onSuccess: (r) => {
                setNewCall(false);
                setDone(null);
                form.resetFields();
                setCallId(r.callId);
              },
              onError: (e) => void message.error(refusal(e)),
            },
          )
        }
      />
      {call && (
        <ReportModal
          open={reporting}
          scenarios={reportable.map((s) => ({ id: s.id, name: s.name, lines: s.steps.filter((x) => x.script).map((x) => x.script!) }))}
          vars={vars}
          pending={actions.report.isPending}
          onClose={() => setReporting(false)}
          onReport={(kind, note) =>
            actions.report.mutate(
              { callId: call.id, kind, ...(note && { note }) },
              {
                onSuccess: (r) => {
                  setReporting(false);
                  void message.success(t('wb.report.sent').replace('{n}', String(r.reportedTo)));
                  update((s) => ({ notes: `${s.notes}${s.notes ? '\n' : ''}[${t(reportKindKey(kind))}] ${note ?? ''}`.trim() }));
                },
                onError: (e) => void message.error(refusal(e)),
              },
            )
          }
        />
      )}
    </div>
  );
}

/**
 * Where the workbench's parts go. The wrap-up form sits under the stepper in the wide middle column, never in a narrow
 * side column, and the scenario suggestions and knowledge head a column of their own, in sight during the whole call:
 * - 1600 px and wider: the caller (screen pop) | stepper, transcript, notes, wrap-up | suggestions, knowledge;
 * - 1200–1599 px: stepper, transcript, notes, wrap-up | suggestions, knowledge, then the caller (the caller first while
 *   the phone rings, when there is nothing to suggest yet);
 * - narrower: one column.
 */
function WorkbenchLayout({
  columns,
  ringing,
  pop,
  guide,
  wrapUp,
  assist,
  knowledge,
}: {
  columns: 1 | 2 | 3;
  ringing: boolean;
  pop: ReactNode;
  guide: ReactNode;
  wrapUp: ReactNode;
  assist: ReactNode;
  knowledge: ReactNode;
}) {
  const stack = (testId: string, items: Array<[string, ReactNode]>) => (
    <div style={{ display: 'grid', gap: 12, alignContent: 'start', minWidth: 0 }} data-testid={testId}>
      {items.map(([key, node]) => (
        <Fragment key={key}>{node}</Fragment>
      ))}
    </div>
  );
  const main = stack('wb-main', [
    ['guide', guide],
    ['wrap', wrapUp],
  ]);
  if (columns === 3)
    return (
      <Row gutter={12} wrap={false}>
        <Col span={6}>{stack('wb-caller-column', [['pop', pop]])}</Col>
        <Col span={11}>{main}</Col>
        <Col span={7}>
          {stack('wb-side', [
            ['assist', assist],
            ['knowledge', knowledge],
          ])}
        </Col>
      </Row>
    );
  if (columns === 2) {
    const context: Array<[string, ReactNode]> = [
      ['assist', assist],
      ['knowledge', knowledge],
    ];
    return (
      <Row gutter={12} wrap={false}>
        <Col span={14}>{main}</Col>
        <Col span={10}>{stack('wb-side', ringing ? [['pop', pop], ...context] : [...context, ['pop', pop]])}</Col>
      </Row>
    );
  }
  return stack('wb-main', [
    ['pop', pop],
    ['guide', guide],
    ['wrap', wrapUp],
    ['assist', assist],
    ['knowledge', knowledge],
  ]);
}

/** 手工来电: for lines without CTI, the agent registers the call by hand; it is recorded like a switch's call. */
function NewCallModal({ open, pending, onClose, onStart }: { open: boolean; pending: boolean; onClose: () => void; onStart: (from: string, direction: 'in' | 'out') => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ from: string; direction: 'in' | 'out' }>();
  return (
    <Modal open={open} title={t('wb.newCall')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={pending} okText={t('wb.newCall.start')} cancelText={t('common.cancel')} destroyOnHidden okButtonProps={{ ...({ 'data-testid': 'wb-new-call-start' } as Record<string, string>) }}>
      <Typography.Paragraph type="secondary">{t('wb.newCall.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ direction: 'in' }} onFinish={(v) => onStart(v.from.trim(), v.direction)}>
        <Form.Item name="from" label={t('wb.newCall.number')} rules={[{ required: true, pattern: /^\+?[0-9][0-9 -]{2,38}$/, message: t('wb.newCall.numberHint') }]}>
          <Input data-testid="wb-new-call-number" autoFocus />
        </Form.Item>
        <Form.Item name="direction" label={t('wb.newCall.direction')}>
          <Radio.Group>
            <Radio value="in">{t('wb.direction.in')}</Radio>
            <Radio value="out">{t('wb.direction.out')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 骚扰/辱骂来电: the pack's lines for such calls, then a report to the team lead with a note. */
function ReportModal({
  open,
  scenarios,
  vars,
  pending,
  onClose,
  onReport,
}: {
  open: boolean;
  scenarios: Array<{ id: string; name: string; lines: string[] }>;
  vars: Record<string, string>;
  pending: boolean;
  onClose: () => void;
  onReport: (kind: ReportKind, note: string | undefined) => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ReportKind>('abusive');
  const [note, setNote] = useState('');
  return (
    <Modal open={open} title={t('wb.report')} onCancel={onClose} onOk={() => onReport(kind, note.trim() || undefined)} confirmLoading={pending} okText={t('wb.report.send')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, ...({ 'data-testid': 'wb-report-send' } as Record<string, string>) }}>
      <Typography.Paragraph type="secondary">{t('wb.report.hint')}</Typography.Paragraph>
      {scenarios.map((s) => (
        <div key={s.id} style={{ marginBottom: 8 }}>
          <b>{s.name}</b>
          {s.lines.map((l, i) => (
            <div key={i} style={{ background: '#fff1f0', borderLeft: '3px solid #ff4d4f', padding: '4px 8px', marginTop: 4 }}>
              {renderScript(l, vars)}
            </div>
          ))}
        </div>
      ))}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select value={kind} onChange={setKind} style={{ width: 200 }} options={reportKinds.map((k) => ({ value: k, label: t(reportKindKey(k)) }))} data-testid="wb-report-kind" />
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('wb.report.note')} maxLength={500} data-testid="wb-report-note" />
      </Space>
    </Modal>
  );
}
