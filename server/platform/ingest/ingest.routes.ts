import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../route-types.ts';
import type { Ingest } from './ingest.ts';

const StreamParams = z.strictObject({
  stream: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/)
    .describe('The stream, `module.stream`'),
});
const IngestBody = z.strictObject({
  rows: z.array(z.unknown()).min(1).describe('The rows, each as the stream defines it'),
});
const IngestResponse = z.object({ stream: z.string(), accepted: z.number().int() }).meta({ id: 'IngestResponse' });

/** Request bodies of a batch may be larger than the API's default. */
const INGEST_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The HTTP batch route of every registered stream, for machine clients (bearer token with a
 * machine role holding `ingest.write` and the stream's permission). Answers 200 once every row is
 * committed; 429 with Retry-After when the stream's queue is full; 503 when the server is closing
 * or the write failed (resending is safe: rows are stored once by their natural key).
 */
export const ingestRoutes: FastifyPluginAsyncZod<{ ingest: Ingest }> = async (app, { ingest }) => {
  app.post(
    '/api/v1/ingest/:stream',
    {
      config: { permission: 'ingest.write' },
      bodyLimit: INGEST_BODY_LIMIT,
      schema: {
        tags: ['ingest'],
        params: StreamParams,
        body: IngestBody,
        response: { 200: IngestResponse },
      },
    },
    async (req) => ({
      stream: req.params.stream,
      ...(await ingest.ingest(req.params.stream, req.body.rows, actorOf(req))),
    }),
  );
};
