import type { FastifyInstance } from 'fastify';

type Counter = Map<string, number>;

/**
 * A small Prometheus exporter: request counts and durations by route and status, plus process
 * figures. Enough for a county deployment; no client library needed.
 */
export function registerMetrics(app: FastifyInstance) {
  const requests: Counter = new Map();
  const durationSum: Counter = new Map();
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  const bucketCounts = new Map<string, number[]>();
  const started = Date.now();

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const key = `method="${req.method}",route="${route.replace(/"/g, '')}",status="${reply.statusCode}"`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    const seconds = reply.elapsedTime / 1000;
    const routeKey = `method="${req.method}",route="${route.replace(/"/g, '')}"`;
    durationSum.set(routeKey, (durationSum.get(routeKey) ?? 0) + seconds);
    const counts = bucketCounts.get(routeKey) ?? new Array(buckets.length + 1).fill(0);
    const i = buckets.findIndex((b) => seconds <= b);
    counts[i === -1 ? buckets.length : i]++;
    bucketCounts.set(routeKey, counts);
  });

  return function render(): string {
    const lines: string[] = [];
    lines.push(
      '# HELP ranan_http_requests_total HTTP requests by route and status.',
      '# TYPE ranan_http_requests_total counter',
    );
    for (const [k, v] of requests) lines.push(`ranan_http_requests_total{${k}} ${v}`);
    lines.push(
      '# HELP ranan_http_request_duration_seconds HTTP request duration.',
      '# TYPE ranan_http_request_duration_seconds histogram',
    );
    for (const [k, counts] of bucketCounts) {
      let cumulative = 0;
      buckets.forEach((b, i) => {
        cumulative += counts[i]!;
        lines.push(`ranan_http_request_duration_seconds_bucket{${k},le="${b}"} ${cumulative}`);
      });
      cumulative += counts[buckets.length]!;
      lines.push(`ranan_http_request_duration_seconds_bucket{${k},le="+Inf"} ${cumulative}`);
      lines.push(`ranan_http_request_duration_seconds_sum{${k}} ${durationSum.get(k) ?? 0}`);
      lines.push(`ranan_http_request_duration_seconds_count{${k}} ${cumulative}`);
    }
    const mem = process.memoryUsage();
    lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${mem.rss}`);
    lines.push('# TYPE nodejs_heap_used_bytes gauge', `nodejs_heap_used_bytes ${mem.heapUsed}`);
    lines.push('# TYPE process_uptime_seconds gauge', `process_uptime_seconds ${(Date.now() - started) / 1000}`);
    return `${lines.join('\n')}\n`;
  };
}
