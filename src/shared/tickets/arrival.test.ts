import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { validatePackFiles } from '../standards/validate.js';
import { arrivalLimitOf } from './arrival.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('到达现场 limits from the pack', () => {
  it('the 95598 pack times the crew by 区域类型: 城区 45m, 农村 90m, 特殊边远地区 2h; other categories and a missing value get none', async () => {
    const { pack } = await loadPack(`${root}standards/utility`);
    const of = (area: unknown, category = 'repair') => arrivalLimitOf(pack, { category, fields: { 'area-type': area } })?.commitment.within ?? null;
    expect([of('城区'), of('农村'), of('特殊边远地区')]).toEqual(['45m', '90m', '2h']);
    expect(of('郊区')).toBeNull();
    expect(of('城区', 'complaint')).toBeNull();
    expect(arrivalLimitOf(pack, { category: 'repair', fields: { 'area-type': '农村' } })?.field).toEqual({ id: 'area-type', name: '区域类型', value: '农村' });
  });

  it('a timed commitment is refused with its path when its field or value is unknown, the field is no choice, the category does not require it, or two time the same tickets', () => {
    const minimal = readFileSync(fileURLToPath(new URL('../standards/fixtures/minimal.yaml', import.meta.url)), 'utf8');
    const errors = (extra: string) => {
      const r = validatePackFiles([{ name: 'pack.yaml', text: minimal }, { name: 'more.yaml', text: extra }]);
      return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    const cat = /categories:\n {2}- \{ id: ([a-z0-9.-]+)/.exec(minimal)?.[1] ?? /- id: ([a-z0-9.-]+)/.exec(minimal.slice(minimal.indexOf('categories:')))?.[1];
    expect(cat).toBeTruthy();
    expect(errors(`commitments:\n  - { id: a, name: 到达, within: 45m, category: ${cat}, measure: arrival, when: { field: area, is: 城区 } }\n`).join('\n')).toContain('commitments[0].when.field: unknown ticket field');
    expect(errors(`commitments:\n  - { id: a, name: 到达, within: 45m, measure: arrival }\n`).join('\n')).toContain('commitments[0].category: a commitment with measure: arrival needs the category');
    expect(errors(`commitments:\n  - { id: a, name: 到达, within: 45m, category: ${cat}, measure: arrival }\n  - { id: b, name: 又到达, within: 90m, category: ${cat}, measure: arrival }\n`).join('\n')).toContain('commitments[1]: commitments[0] already times arrival');
  });
});
