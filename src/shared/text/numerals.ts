/**
 * Spoken Chinese numerals: which characters are numerals, which words after a lone
 * numeral make it a quantity, and the value of a numeral run. Shared by the
 * reference normaliser (with offsets) and the buffer fast path of normalize.ts.
 */

export const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
export const MULTIPLIERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };
export const isNumeral = (c: string): boolean => c in DIGITS || c in MULTIPLIERS;

/** Words that, right after a single numeral, show it is a quantity or a time. */
export const UNITS = [
  '个', '分钟', '小时', '钟头', '天', '日', '号', '周', '年', '月', '点', '次', '位', '元', '块', '秒', '岁',
  '层', '楼', '栋', '遍', '趟', '件', '台', '张', '条', '项', '户', '份', '倍', '星期', '礼拜', '工作日', '公里', '米',
];

/** Positional value of a numeral run such as 二十四, 一百零五, 三千五; null if it is not one. */
export function positionalValue(run: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  for (const c of run) {
    if (c in DIGITS) {
      if (digit !== null && digit !== 0) return null;
      digit = DIGITS[c]!;
    } else if (c === '万') {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * 10000;
      section = 0;
      digit = null;
      lastUnit = 10000;
    } else {
      const unit = MULTIPLIERS[c]!;
      if ((digit === null && unit !== 10) || digit === 0) return null;
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    }
  }
  // 三千五 = 3500, 二百五 = 250: a trailing digit counts one order below the last unit
  if (digit !== null) section += lastUnit >= 100 && !run.includes('零') && !run.includes('〇') ? (digit * lastUnit) / 10 : digit;
  return total + section;
}

/** The digits a numeral run stands for: digit by digit, or its positional value; null if neither. */
export function convertRun(run: string): string | null {
  if (![...run].some((c) => c in MULTIPLIERS)) return [...run].map((c) => String(DIGITS[c])).join('');
  const v = positionalValue(run);
  return v === null ? null : String(v);
}
