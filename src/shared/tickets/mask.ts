/** Masking of callers' personal data for roles that may not see it (see rolesSeeingPersonalData). */

/** 13812345678 → 138****5678; short numbers keep their first and last digit. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 8) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${digits[0]}${'*'.repeat(digits.length - 2)}${digits.slice(-1)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; one character stays masked entirely. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
