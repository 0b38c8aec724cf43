/** Words for every code a person may see, in zh-CN, zh-TW and en (docs/ARCHITECTURE.md, Labels). */
export * from './label.js';
export * from './errors.js';
export * from './calls.js';
export * from './audit.js';
export * from './qa-checks.js';
export * from './time-zone.js';
export { keyed } from './keyed.js';
// time-limit durations (2 个工作小时 / 5 个工作日): one formatter, kept beside the duration parser's users
export { durationLabel } from '../tickets/duration-label.js';
