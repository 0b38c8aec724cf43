import { describe, expect, it } from 'vitest';
import { defaultThresholds } from '../qa/defaults.js';
import { checkIds } from '../qa/config.js';
import { auditActionLabel, auditActorLabel, auditEntityLabel, auditActionLabels, auditEntityLabels } from './audit.js';
import { agentStateLabels, callEventLabels, hangupCauseLabel, hangupCauseLabels } from './calls.js';
import { keyed } from './keyed.js';
import type { Label } from './label.js';
import { qaCheckLabels, qaCheckName, qaCheckRule } from './qa-checks.js';
import { timeZoneLabel } from './time-zone.js';

const latin = /[A-Za-z]{2,}/;
const tables: Array<[string, Record<string, Label>]> = [
  ['events', callEventLabels],
  ['agent states', agentStateLabels],
  ['hangup causes', hangupCauseLabels],
  ['audit actions', auditActionLabels],
  ['audit kinds', auditEntityLabels],
  ['QA check names', Object.fromEntries(Object.entries(qaCheckLabels).map(([k, v]) => [k, v.name]))],
];

describe('label registries', () => {
  it('every label has its three languages, the Chinese ones without English words', () => {
    for (const [name, table] of tables) {
      for (const [code, label] of Object.entries(table)) {
        for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) expect(label[lang].trim(), `${name} ${code} ${lang}`).not.toBe('');
        expect(label['zh-CN'], `${name} ${code}`).not.toMatch(latin);
        expect(label['zh-TW'], `${name} ${code}`).not.toMatch(latin);
      }
    }
  });

  it('a QA rule states the active pack its numbers, not fixed ones', () => {
    expect(qaCheckRule('answer.late-no-apology', 'zh-CN')).toBe(`响铃超过 ${defaultThresholds.maxRings} 声才接听时,应在开头两句内向客户致歉。`);
    const pack = { ...defaultThresholds, maxRings: 4, holdMaxMs: 60_000, speechRateMin: 100, speechRateMax: 260 };
    expect(qaCheckRule('answer.late-no-apology', 'zh-CN', pack)).toContain('响铃超过 4 声');
    expect(qaCheckRule('answer.late-no-apology', 'zh-TW', pack)).toContain('響鈴超過 4 聲');
    expect(qaCheckRule('hold.too-long', 'zh-CN', pack)).toContain('不得超过 60 秒');
    expect(qaCheckRule('speech.rate', 'en', pack)).toContain('between 100 and 260');
    // every rule of every check, in every language, is filled in full
    for (const id of checkIds) for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) expect(qaCheckRule(id, lang, pack), `${id} ${lang}`).not.toMatch(/\{\w+\}/);
    expect(qaCheckName('hangup.agent-first', 'zh-CN')).toBe('坐席先挂机');
  });

  it('a hangup cause, an audit action, kind or actor this build does not know reads as words, not as the code', () => {
    expect(hangupCauseLabel('normalClearing', 'zh-CN')).toBe('正常挂机');
    expect(hangupCauseLabel('SOME_SWITCH_THING', 'zh-CN')).not.toMatch(latin);
    expect(auditActionLabel('ticket.dispatch', 'zh-CN', (a) => (a === 'dispatch' ? '派单' : undefined))).toBe('工单派单');
    expect(auditActionLabel('ticket.unknown_action', 'zh-TW')).not.toMatch(latin);
    expect(auditActionLabel('auth.login', 'zh-TW')).toBe('登入');
    expect(auditEntityLabel('ticket', 'zh-CN')).toBe('工单');
    expect(auditEntityLabel('thing', 'zh-CN')).not.toMatch(latin);
    expect(auditActorLabel('sla-worker', 'zh-CN')).toBe('系统（时限检查）');
    expect(auditActorLabel('李娜', 'zh-CN')).toBe('李娜');
  });

  it('keyed() gives a registry as dictionary entries', () => {
    expect(keyed('agent.state', agentStateLabels, 'zh-TW')['agent.state.available']).toBe('示閒');
  });

  it('names time zones as people do', () => {
    expect(timeZoneLabel('Asia/Shanghai', 'zh-CN')).not.toMatch(latin);
    expect(timeZoneLabel('Asia/Shanghai', 'zh-TW')).not.toMatch(latin);
    expect(timeZoneLabel('Etc/UTC', 'zh-CN')).toMatch(/^UTC/);
    expect(timeZoneLabel('Not/AZone', 'zh-CN')).toBe('Not/AZone');
  });
});
