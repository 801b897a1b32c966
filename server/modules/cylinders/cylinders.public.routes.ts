import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type CylinderLimits, defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { LabelsQuery, PublicCodeParams, PublicCylinderResponse } from './cylinders.public.schemas.ts';
import { labelsPdf, publicCylinder } from './cylinders.public.service.ts';

/** Look-ups of the public page per client address per minute (a phone scanning a few cylinders at the door). */
export const PUBLIC_LOOKUPS_PER_MINUTE = 60;

/**
 * The public page for a code (no sign-in, rate-limited per address) and the QR label sheet
 * (一瓶一码, issue 11). Labels point at `PUBLIC_BASE_URL`, or at the host the request came to.
 */
export const cylindersPublicRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Pick<Config, 'publicBaseUrl'>;
  limits?: CylinderLimits;
}> = async (app, { db, config, limits = defaultCylinderLimits }) => {
  app.get(
    '/api/v1/public/cylinders/:code',
    {
      config: {
        permission: 'public',
        rateLimit: { max: PUBLIC_LOOKUPS_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: { tags: ['cylinders'], params: PublicCodeParams, response: { 200: PublicCylinderResponse } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return publicCylinder(db, req.params.code, { limits });
    },
  );

  app.get(
    '/api/v1/cylinders/labels.pdf',
    {
      config: { permission: 'cylinder.manage' },
      schema: { tags: ['cylinders'], querystring: LabelsQuery },
    },
    async (req, reply) => {
      const origin = config.publicBaseUrl ?? `${req.protocol}://${req.host}`;
      const { pdf, filename } = await labelsPdf(req.query, origin);
      return reply.type('application/pdf').header('content-disposition', attachmentHeader(filename)).send(pdf);
    },
  );
};
