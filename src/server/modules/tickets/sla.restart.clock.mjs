// Test-only preload (NODE_OPTIONS=--import=…): shifts this process's wall clock by the offset in milliseconds
// written in the file named by REXIAN_TEST_CLOCK_FILE, re-read every 20 ms, so a test can move a spawned
// `rexian serve` through time the way libfaketime would. Only Date moves; timers and the monotonic clock do not.
import fs from 'node:fs';

const file = process.env.REXIAN_TEST_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  const read = () => {
    try {
      // The test replaces the file atomically (rename); an empty read would still mean "no news", never offset 0.
      const text = fs.readFileSync(file, 'utf8').trim();
      const v = Number(text);
      if (text && Number.isFinite(v)) offset = v;
    } catch {
      /* keep the last offset */
    }
  };
  read();
  setInterval(read, 20).unref();
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(realNow() + offset).toString();
    return args.length === 0 ? new RealDate(realNow() + offset) : new RealDate(...args);
  }
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = () => realNow() + offset;
  ShiftedDate.parse = RealDate.parse;
  ShiftedDate.UTC = RealDate.UTC;
  globalThis.Date = ShiftedDate;
}
