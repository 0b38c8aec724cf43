// `npm run bench:qa [-- --n 20000]`: QA engine throughput on generated calls, against the floor
// of merely reading and parsing the same files. Target: ≥ 2,000 calls/s, ≤ 3× the floor.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultQaConfig } from '../src/shared/qa/config.js';
import { checkCall, compileQa } from '../src/shared/qa/engine.js';
import { parseTranscript } from '../src/shared/qa/transcript.js';

const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 20_000;
if (!Number.isInteger(N) || N <= 0) throw new Error('--n expects a positive whole number');

// deterministic pseudo-random numbers, so runs are comparable
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const greetings = ['您好，星河电器，工号1024，很高兴为您服务。', '您好，星河電器，工號幺零二四，很高興為您服務。', '您好，工号一零二四为您服务。', '星河电器，请讲。'];
const asks = ['我家的空调不制冷了，上周才装的。', '我想查一下这个月的电费怎么这么高？', '你们这服务太差了，修了三次还没修好！', '我的退款怎麼還沒到賬？', '请问宽带报装要多久？', '路灯坏了好几天了，没人管吗？'];
const answers = [
  '给您带来不便非常抱歉，我帮您登记一下。',
  '好的，我帮您查询一下，请您稍等一下好吗？',
  '这个需要核实，核实后给您回电。',
  '我们会在三个工作日内给您答复。',
  '跟您确认一下，您的地址是滨江路八号，联系电话138 1234 5678，对吗？',
  '这个我不清楚，你去问别人吧。',
  '非常理解您的心情，我马上为您加急处理。',
  '師傅明天下午三點前會聯繫您。',
];
const replies = ['好的。', '对的，没错。', '那要等多久啊？', '行吧，谢谢。', '你们到底管不管？', '嗯。'];
const closings = ['请问还有什么可以帮您的吗？', '請問還有其他需要嗎？', '好的。'];
const farewells = ['感谢您的来电，再见！', '謝謝您的來電，再見！', '好。'];

function makeCall(i: number): object {
  const segments: object[] = [];
  const events: object[] = [];
  let t = 200;
  const say = (speaker: string, text: string) => {
    const dur = Math.round(text.length * (180 + rand() * 120));
    segments.push({ speaker, start: t, end: t + dur, text });
    t += dur + Math.round(300 + rand() * (rand() < 0.05 ? 12_000 : 1500));
  };
  say('agent', pick(greetings));
  const turns = 3 + Math.floor(rand() * 8);
  for (let k = 0; k < turns; k++) {
    say('customer', k === 0 ? pick(asks) : pick(replies));
    const a = pick(answers);
    say('agent', a);
    if (a.includes('稍等') && rand() < 0.7) {
      events.push({ type: 'hold', at: t });
      t += Math.round(5000 + rand() * 40_000);
      events.push({ type: 'resume', at: t });
      say('agent', rand() < 0.8 ? '感谢您的耐心等待。' : '查到了。');
    }
  }
  say('agent', pick(closings));
  say('customer', '没有了，谢谢。');
  say('agent', pick(farewells));
  events.push({ type: 'hangup', at: t + 500, by: rand() < 0.8 ? 'customer' : 'agent' });
  return {
    id: `B-${String(i).padStart(6, '0')}`,
    org: '星河电器',
    agent: { id: '1024', name: '李娜' },
    caller: '13812345678',
    startedAt: '2026-03-02T09:15:00+08:00',
    ringMs: Math.round(rand() * 25_000),
    events,
    segments,
  };
}

// `--write DIR`: only write the generated calls there (to compare outputs before and after a change)
const writeArg = process.argv.indexOf('--write');
if (writeArg > 0) {
  const out = process.argv[writeArg + 1];
  if (!out) throw new Error('--write expects a directory');
  mkdirSync(out, { recursive: true });
  for (let i = 0; i < N; i++) writeFileSync(join(out, `${String(i).padStart(6, '0')}.json`), JSON.stringify(makeCall(i)));
  console.log(`${N} calls written to ${out}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'rexian-bench-qa-'));
const files: string[] = [];
let bytes = 0;
let segs = 0;
for (let i = 0; i < N; i++) {
  const f = join(dir, `${i}.json`);
  const call = makeCall(i) as { segments: unknown[] };
  segs += call.segments.length;
  const text = JSON.stringify(call);
  bytes += text.length;
  writeFileSync(f, text);
  files.push(f);
}
console.log(`${N} calls, ${(segs / N).toFixed(1)} utterances and ${Math.round(bytes / N)} bytes per call on average`);

function floor(): number {
  let n = 0;
  for (const f of files) n += (JSON.parse(readFileSync(f, 'utf8')) as { segments: unknown[] }).segments.length;
  return n;
}

const compiled = compileQa(defaultQaConfig);
function engine(): number {
  let n = 0;
  for (const f of files) {
    const p = parseTranscript(JSON.parse(readFileSync(f, 'utf8')));
    if (!p.ok) throw new Error(`${f}: ${p.error}`);
    n += checkCall(p.transcript, compiled).violations.length;
  }
  return n;
}

function time(fn: () => number): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

// Warm up both paths (JIT, file cache), then alternate them and take the best of five
// runs each: on a shared machine the load changes from second to second, and alternating
// lets the floor and the engine see the same load, so the ratio means something.
time(floor);
time(engine);
let floorS = Infinity;
let engineS = Infinity;
for (let i = 0; i < 5; i++) {
  floorS = Math.min(floorS, time(floor));
  engineS = Math.min(engineS, time(engine));
}
rmSync(dir, { recursive: true, force: true });

const rate = (s: number) => Math.round(N / s).toLocaleString('en');
console.log(`floor  (read + JSON.parse):                ${rate(floorS)} calls/s`);
console.log(`engine (read + parse + validate + check):  ${rate(engineS)} calls/s`);
console.log(`ratio to the floor: ${(engineS / floorS).toFixed(2)}×  (target ≤ 3×; ≥ 2,000 calls/s)`);
