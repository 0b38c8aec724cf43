import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../server/modules/standards/standards.loader.js';
import { packIdentity } from './identity.js';
import { toQaConfig } from './qa.js';
import { renderScript } from './render.js';
import { validatePackFiles } from './validate.js';
import { sopStages } from '../workbench/sop.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const minimal = readFileSync(fileURLToPath(new URL('./fixtures/minimal.yaml', import.meta.url)), 'utf8');
const withIdentity = (identity: string, more = '') => [{ name: 'pack.yaml', text: minimal.replace(/identity:\n(?: {2}.*\n)+/, `identity:\n${identity}`) + more }];

describe('{city} and {hotline} from the organisation’s profile', () => {
  it('the 12345 pack announces its default city, and an organisation’s own city and number where its profile gives them', async () => {
    const { pack } = await loadPack(`${root}standards/government-12345`);
    expect(pack.identity.org).toBe('{city} 12345 政务服务便民热线');
    expect(packIdentity(pack)).toEqual({ org: '江城市 12345 政务服务便民热线', hotline: '12345', city: '江城市' });
    expect(packIdentity(pack, { city: '星河市', hotline: null })).toEqual({ org: '星河市 12345 政务服务便民热线', hotline: '12345', city: '星河市' });
    // an empty profile value is no value
    expect(packIdentity(pack, { city: ' ', hotline: '' }).city).toBe('江城市');
    // the greeting the workbench shows and the name QA expects say the same city
    const stages = sopStages(pack, { vars: { ...packIdentity(pack, { city: '星河市' }), agentId: '1024', agentName: '李娜' } });
    const greeting = stages.flatMap((s) => s.say).find((l) => l.key === 'identity.greeting')!;
    expect(greeting.text).toBe('您好，星河市 12345 政务服务便民热线，1024号为您服务，请讲。');
    expect(toQaConfig(pack, { city: '星河市' }).org).toBe('星河市 12345 政务服务便民热线');
    // a number of its own is one agents may give out
    expect(toQaConfig(pack, { hotline: '0571-12345' }).publicNumbers).toEqual(expect.arrayContaining(['12345', '0571-12345']));
  });

  it('scripts may use {city}; an unknown placeholder is refused with its path', () => {
    expect(renderScript('欢迎致电{city}{hotline}热线', { city: '星河市', hotline: '12345' })).toBe('欢迎致电星河市12345热线');
    const r = validatePackFiles(withIdentity(`  org: 测试热线\n  hotline: '12345'\n  city: 星河市\n  greeting: 您好，{org}，{agentId}号为您服务，{town}欢迎您。\n  languages: [zh-CN]\n`));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([expect.objectContaining({ path: 'identity.greeting', message: expect.stringContaining('unknown placeholder {town}') })]);
    expect(r.errors[0]!.message).toContain('{city}');
  });

  it('the announced name may use only {city} and {hotline}, and {city} there needs a default city', () => {
    const agent = validatePackFiles(withIdentity(`  org: '{agentId}热线'\n  hotline: '12345'\n  greeting: 您好，{org}，{agentId}号为您服务。\n  languages: [zh-CN]\n`));
    expect(agent.ok).toBe(false);
    if (!agent.ok) expect(agent.errors).toEqual([expect.objectContaining({ path: 'identity.org', message: expect.stringContaining('unknown placeholder {agentId}: use {city}, {hotline}') })]);
    const noCity = validatePackFiles(withIdentity(`  org: '{city}热线'\n  hotline: '12345'\n  greeting: 您好，{org}，{agentId}号为您服务。\n  languages: [zh-CN]\n`));
    expect(noCity.ok).toBe(false);
    if (!noCity.ok) expect(noCity.errors).toEqual([expect.objectContaining({ path: 'identity.city', message: expect.stringContaining('identity.org uses {city}') })]);
  });

  it('a script using {city} without a default city is valid, with a warning naming where', () => {
    const r = validatePackFiles(withIdentity(`  org: 测试热线\n  hotline: '12345'\n  greeting: 您好，{org}，{agentId}号为您服务，欢迎致电{city}。\n  languages: [zh-CN]\n`));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'identity.greeting', message: expect.stringContaining('identity.city is not set') })]));
  });
});
