import type { Pack } from './schema.js';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `34 scenarios, 8 customer types, 7 categories` — the summary line of `rexian standards check`. */
export function packSummary(pack: Pack): string {
  return [count(pack.scenarios.length, 'scenario'), count(pack.customerTypes.length, 'customer type'), count(pack.categories.length, 'category', 'categories')].join(', ');
}
