import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Starts `rexian serve --demo` as its own process, the way a person would, and resolves with
 * its URL once the banner prints it. `entry` picks the sources (tsx) or the built CLI.
 */
export function spawnServer(opts: { dataDir: string; port: number; entry: 'source' | 'built'; timeoutMs?: number; env?: Record<string, string> }): Promise<{ child: ChildProcess; url: string }> {
  const args = opts.entry === 'source' ? ['--import', 'tsx', 'src/cli/entry.ts'] : ['bin/rexian.js'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, 'serve', '--demo', '--port', String(opts.port)], {
      cwd: root,
      env: { ...process.env, REXIAN_DATA_DIR: opts.dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', NODE_NO_WARNINGS: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), opts.timeoutMs ?? 60_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = out.match(/open (http:\/\/\S+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}
