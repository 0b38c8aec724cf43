import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Role } from '../src/shared/roles.js';
import { spawnServer } from '../test/helpers/spawn-server.js';

const root = path.resolve(import.meta.dirname, '..');
export const screenshotDir = path.join(root, 'e2e', 'screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** On a developer machine without Chromium the browser tests are skipped with a notice; in CI they must run. */
export const haveChromium = fs.existsSync(chromiumPath);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium package (.ci/run does)`);
  console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

export interface Harness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the built server (as `npm start` does) on a fresh data directory, and a headless Chromium; `env` adds settings (e.g. REXIAN_EXPORT_MAX_ROWS). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error('run "npm run build" before the browser tests');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rexian-e2e-'));
  const { child, url } = await spawnServer({ dataDir, port: 0, entry: 'built', timeoutMs: 90_000, env });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    url,
    browser,
    close: async () => {
      await browser.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo's sign-in names and their roles (src/server/demo.ts), one per role. */
export const demoAccounts: ReadonlyArray<readonly [username: string, role: Role]> = [
  ['admin', 'admin'],
  ['manager', 'manager'],
  ['lead', 'lead'],
  ['agent', 'agent'],
  ['inspector', 'inspector'],
  ['dept', 'department'],
];

export async function login(page: Page, url: string, username: string, password = 'rexian-demo') {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('main-menu').waitFor();
}

/** The agent sets 示闲 in the header and waits until the page shows it. */
export async function goAvailable(page: Page) {
  await page.getByTestId('agent-state').click();
  await page.getByTestId('agent-state-available').click();
  await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
