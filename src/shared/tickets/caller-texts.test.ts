import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { validatePackFiles } from '../standards/validate.js';
import { callerTextKinds, estimatedLength, inQuietHours, mobileNumber, renderCallerText, SMS_MAX_CHARS } from './caller-texts.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const minimal = { name: 'minimal.yaml', text: readFileSync(fileURLToPath(new URL('../standards/fixtures/minimal.yaml', import.meta.url)), 'utf8') };

const errorsWith = (yaml: string) => {
  const r = validatePackFiles([minimal, { name: 'texts.yaml', text: yaml }]);
  return r.ok ? [] : r.errors;
};

describe('callerTexts in the standard pack', () => {
  it.each(['general', 'government-12345', 'utility', 'telecom'])('standards/%s has the three texts, each within two SMS segments once filled in', async (id) => {
    const { pack } = await loadPack(`${root}standards/${id}`);
    for (const kind of callerTextKinds) {
      const template = pack.callerTexts?.[kind];
      expect(template, kind).toBeTruthy();
      expect(estimatedLength(template ?? '')).toBeLessThanOrEqual(SMS_MAX_CHARS);
    }
    expect(pack.callerTexts?.acceptance).toContain('{number}');
    expect(pack.callerTexts?.acceptance).toContain('{deadline}');
  });

  it('refuses an unknown placeholder, a text too long for two segments and {city} without a default city, each with its path', () => {
    const errors = errorsWith(
      ['callerTexts:', '  acceptance: 您的工单{number}已受理，办结时限{dueAt}。', `  progress: ${'很'.repeat(130)}{number}`, '  reply: 【{city}热线】工单{number}已办结。', '  welcome: 您好'].join('\n'),
    );
    const at = (path: string) => errors.find((e) => e.path === path);
    expect(at('callerTexts.acceptance')).toMatchObject({ file: 'texts.yaml', line: 2 });
    expect(at('callerTexts.acceptance')?.message).toContain('unknown placeholder {dueAt}');
    // 130 characters and a ticket number (13): about 143
    expect(at('callerTexts.progress')?.message).toContain('too long for two SMS segments: about 143 characters');
    expect(at('callerTexts.welcome')).toBeDefined();
    expect(errorsWith('callerTexts:\n  reply: 【{city}热线】工单{number}已办结。').map((e) => `${e.path}: ${e.message}`)).toEqual([
      'callerTexts.reply: callerTexts.reply uses {city}: give the default city in identity.city (an organisation\'s profile may give its own)',
    ]);
    expect(errorsWith('callerTexts:\n  acceptance: 工单{number}已受理，{deadline}前办结，详询{hotline}。')).toEqual([]);
  });

  it('the 12345 and utility packs carry quiet hours; bad times are refused with their path', async () => {
    expect((await loadPack(`${root}standards/government-12345`)).pack.callerTexts?.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect((await loadPack(`${root}standards/utility`)).pack.callerTexts?.quietHours).toEqual({ start: '22:00', end: '07:00' });
    const quiet = (q: string) => errorsWith(`callerTexts:\n  progress: 工单{number}仍在处理。\n  quietHours: ${q}`).map((e) => `${e.path}@${e.line}: ${e.message}`);
    expect(quiet('{ start: "21:00", end: "08:00" }')).toEqual([]);
    expect(quiet('{ start: "08:00", end: "21:00" }')).toEqual([]);
    expect(quiet('{ start: "24:00", end: "08:00" }')).toEqual(['callerTexts.quietHours.start@3: expected a time of day as HH:MM (24-hour clock), e.g. 22:00']);
    expect(quiet('{ start: "21:00", end: "8:00" }')).toEqual(['callerTexts.quietHours.end@3: expected a time of day as HH:MM (24-hour clock), e.g. 22:00']);
    expect(quiet('{ start: "21:00", end: "21:00" }')[0]).toMatch(/^callerTexts\.quietHours\.end@3: expected start and end to differ/);
    expect(quiet('{ start: "21:00" }')[0]).toMatch(/^callerTexts\.quietHours\.end@3: /);
    expect(quiet('{ start: "21:00", end: "08:00", days: weekdays }')[0]).toMatch(/^callerTexts\.quietHours\.days@3: /);
    expect(quiet('"21:00-08:00"')[0]).toMatch(/^callerTexts\.quietHours@3: /);
  });
});

describe('inQuietHours', () => {
  // instants written in UTC: Asia/Shanghai is UTC+8, America/New_York UTC-4 on these days
  const night = { start: '21:00', end: '08:00' };
  it.each([
    ['2025-09-30T12:59:59Z', false], // 20:59:59
    ['2025-09-30T13:00:00Z', true], // 21:00
    ['2025-09-30T16:00:00Z', true], // 00:00
    ['2025-09-30T23:59:59Z', true], // 07:59:59
    ['2025-10-01T00:00:00Z', false], // 08:00
    ['2025-10-01T04:00:00Z', false], // 12:00
  ])('21:00–08:00 in Asia/Shanghai at %s: %s', (at, expected) => expect(inQuietHours(night, new Date(at), 'Asia/Shanghai')).toBe(expected));
  it('reads the time of day in the given zone, holds hours within one day, and is off without a setting', () => {
    expect(inQuietHours(night, new Date('2025-09-30T13:00:00Z'), 'America/New_York')).toBe(false); // 09:00 there
    expect(inQuietHours(night, new Date('2025-10-01T01:30:00Z'), 'America/New_York')).toBe(true); // 21:30 there
    const lunch = { start: '12:00', end: '13:30' };
    expect(inQuietHours(lunch, new Date('2025-09-30T04:00:00Z'), 'Asia/Shanghai')).toBe(true);
    expect(inQuietHours(lunch, new Date('2025-09-30T05:30:00Z'), 'Asia/Shanghai')).toBe(false);
    expect(inQuietHours(lunch, new Date('2025-09-30T03:59:00Z'), 'Asia/Shanghai')).toBe(false);
    expect(inQuietHours(undefined, new Date('2025-09-30T16:00:00Z'), 'Asia/Shanghai')).toBe(false);
  });
});

describe('renderCallerText', () => {
  it('fills the placeholders, drops one without a value and cuts at two segments', () => {
    expect(renderCallerText('【{org}】工单{number}已受理，{deadline}前办结。', { org: '江城市 12345 政务服务便民热线', number: '20250930-0001', deadline: '2025-10-01 10:00' })).toBe(
      '【江城市 12345 政务服务便民热线】工单20250930-0001已受理，2025-10-01 10:00前办结。',
    );
    expect(renderCallerText('工单{number}已受理{deadline}。', { number: '1' })).toBe('工单1已受理。');
    const long = renderCallerText(`${'长'.repeat(140)}`, {});
    expect([...long]).toHaveLength(SMS_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('mobileNumber', () => {
  it('keeps mainland mobile numbers only, in 11 digits', () => {
    expect(mobileNumber('138 1234 5678')).toBe('13812345678');
    expect(mobileNumber('+86 138-1234-5678')).toBe('13812345678');
    expect(mobileNumber('008613812345678')).toBe('13812345678');
    expect(mobileNumber('0571-87654321')).toBeNull();
    expect(mobileNumber('12345')).toBeNull();
    expect(mobileNumber('23812345678')).toBeNull();
    expect(mobileNumber(null)).toBeNull();
  });
});
