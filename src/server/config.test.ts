import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that run the embedded database in ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('reads the values it is given', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/rexian', REXIAN_COOKIE_SECURE: 'true', REXIAN_DATA_DIR: '/var/lib/rexian' });
    expect(c).toMatchObject({ port: 8080, databaseUrl: 'postgres://u:p@db:5432/rexian', cookieSecure: true, dataDir: '/var/lib/rexian' });
  });

  it('reports every bad value with its name, its value and what is expected', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', REXIAN_COOKIE_SECURE: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT="eighty"'))).toMatch(/whole number/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL='))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL='))).toBeDefined();
    expect(problems.find((p) => p.startsWith('REXIAN_COOKIE_SECURE='))).toMatch(/true or false/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": expected a number from 0 to 65535/);
  });

  it('reads recording origins, lower-cased and without repeats, and refuses anything that is not an http(s) origin', () => {
    expect(loadConfig({}).recordingOrigins).toEqual([]);
    expect(loadConfig({ REXIAN_RECORDING_ORIGINS: 'https://PBX.example.cn, http://10.0.0.5:8080,https://pbx.example.cn:443,http://[fd00::5]' }).recordingOrigins)
      .toEqual(['https://pbx.example.cn', 'http://10.0.0.5:8080', 'http://[fd00::5]']);
    // each of these would either not be an origin or smuggle something into the Content-Security-Policy header
    for (const bad of ['pbx.example.cn', 'ftp://pbx.example.cn', 'https://pbx.example.cn/rec', 'https://*.example.cn', "https://pbx.example.cn 'unsafe-inline'", 'https://pbx.example.cn;script-src *', "https://pbx'.example.cn", 'https://pbx.example.cn:99999', 'https://user@pbx.example.cn', ' , ']) {
      let err: unknown;
      try {
        loadConfig({ REXIAN_RECORDING_ORIGINS: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems, bad).toEqual([`REXIAN_RECORDING_ORIGINS=${JSON.stringify(bad)}: expected http(s) origins like https://pbx.example.cn or http://10.0.0.5:8080, separated by commas (no path, no wildcard)`]);
    }
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
