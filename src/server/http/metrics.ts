import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests that start several apps do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rexian_' });
  const httpDuration = new Histogram({
    name: 'rexian_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'rexian_http_errors_total',
    help: 'Responses with an error code, by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, errors };
}
export type Metrics = ReturnType<typeof createMetrics>;
