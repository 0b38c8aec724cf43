export * from './buckets.js';
export * from './figures.js';
export * from './report.js';
