import { describe, expect, it } from 'vitest';
import { catalogueEntry } from './dispatch-catalogue.js';

const catalogue = [
  { category: 'help', department: '市住建局' },
  { category: 'help', subCategory: 'utilities', department: '市水务局' },
  { category: 'help', subCategory: 'utilities', area: '滨江区', department: '滨江区水务站' },
  { category: 'help', area: '滨江区', department: '滨江区政府' },
];

describe('派单目录', () => {
  it('the most specific line wins: area, then sub-category, then the category alone; nothing for another category', () => {
    expect(catalogueEntry(catalogue, { category: 'help', subCategory: 'utilities', address: '星河市滨江区望江路 8 号' })?.department).toBe('滨江区水务站');
    expect(catalogueEntry(catalogue, { category: 'help', subCategory: 'utilities', address: '星河市西湖区' })?.department).toBe('市水务局');
    expect(catalogueEntry(catalogue, { category: 'help', subCategory: 'municipal', address: '滨江区' })?.department).toBe('滨江区政府');
    expect(catalogueEntry(catalogue, { category: 'help', subCategory: null, address: null })?.department).toBe('市住建局');
    expect(catalogueEntry(catalogue, { category: 'consult', subCategory: null, address: '滨江区' })).toBeUndefined();
  });
  it('ties go to the first line', () => {
    expect(catalogueEntry([...catalogue.slice(0, 1), { category: 'help', department: '市城管局' }], { category: 'help', subCategory: null, address: null })?.department).toBe('市住建局');
  });
});
