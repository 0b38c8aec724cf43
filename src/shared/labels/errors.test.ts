import { describe, expect, it } from 'vitest';
import { errorCodes, errorLabel, isErrorCode } from './errors.js';
import { labelLanguages, placeholders } from './label.js';

const latin = /[A-Za-z]{2,}/;

describe('error codes', () => {
  const entries = Object.entries(errorCodes);

  it('each code has a 4xx or 5xx status and a label in every language; the Chinese ones have no English words', () => {
    expect(entries.length).toBeGreaterThan(80);
    for (const [code, def] of entries) {
      expect(def.status, code).toBeGreaterThanOrEqual(400);
      for (const lang of labelLanguages) expect(def.label[lang].trim(), `${code} ${lang}`).not.toBe('');
      for (const lang of ['zh-CN', 'zh-TW'] as const) {
        expect(def.label[lang].replace(/\{\w+\}/g, ''), `${code} ${lang}`).not.toMatch(latin);
        if ('plain' in def && def.plain) expect(def.plain[lang], `${code} ${lang}`).not.toMatch(latin);
      }
    }
  });

  it('a label with parameters names the same ones in every language and has a plain form for when they are missing', () => {
    for (const [code, def] of entries) {
      const names = placeholders(def.label['zh-CN']).sort();
      for (const lang of labelLanguages) expect(placeholders(def.label[lang]).sort(), `${code} ${lang}`).toEqual(names);
      expect('plain' in def, code).toBe(names.length > 0);
    }
  });

  it('reads an error in the person language, with the parameters from its details', () => {
    expect(errorLabel('AUTH_INVALID_CREDENTIALS', 'zh-CN')).toBe('用户名或密码不正确');
    expect(errorLabel('AUTH_INVALID_CREDENTIALS', 'zh-TW')).toBe('使用者名稱或密碼不正確');
    expect(errorLabel('EXPORT_TOO_LARGE', 'zh-CN', { rows: 120000, limit: 100000 })).toBe('符合条件的有 120000 行，超过一次导出的上限 100000 行，请缩小筛选范围');
    expect(errorLabel('EXPORT_TOO_LARGE', 'en', { rows: 7, limit: 5 })).toBe('7 rows match, more than the 5 one export allows; narrow the filter');
    expect(errorLabel('AUTH_THROTTLED', 'zh-CN', { retryAfterSeconds: 60 })).toBe('登录失败次数太多，请 60 秒后再试');
    // details without the parameters (or not an object): the plain form, never a bare {placeholder}
    expect(errorLabel('AUTH_THROTTLED', 'zh-CN')).toBe('登录失败次数太多，请稍后再试');
    expect(errorLabel('EXPORT_TOO_LARGE', 'zh-TW', ['x'])).toBe('要匯出的列數超過上限，請縮小篩選範圍');
  });

  it('a code this build does not know, or no answer at all, reads as words, not as the code', () => {
    expect(isErrorCode('TICKET_NOT_FOUND')).toBe(true);
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(errorLabel('NO_SUCH_CODE', 'zh-CN')).toBe('操作没有成功，请稍后再试');
    expect(errorLabel('HTTP_502', 'zh-TW')).not.toMatch(latin);
    expect(errorLabel('NETWORK', 'zh-CN')).toBe('连不上服务器，请检查网络后再试');
  });
});
