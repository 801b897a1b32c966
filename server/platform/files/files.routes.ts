import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { checkUploadName, multipartFailure } from '../http.ts';
import { actorOf } from '../route-types.ts';
import { IdParams } from '../schemas.ts';
import { fileMissing, fileTooLarge } from './files.errors.ts';
import { FILE_LIMITS } from './files.magic.ts';
import { createFilesService } from './files.service.ts';

export const FileResponse = z
  .object({
    id: z.string(),
    sha256: z.string(),
    contentType: z.string(),
    size: z.number(),
    name: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'StoredFile' });

const Binary = z.any().describe('The file bytes');

/** The uploaded file of a multipart request (field "file", or the first file part), read up to the limit. */
async function uploadedFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw fileMissing();
  const tooLarge = () => fileTooLarge({ limitBytes: FILE_LIMITS.maxBytes });
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
  if (!part) throw fileMissing();
  checkUploadName(part.filename ?? '');
  try {
    return { bytes: await part.toBuffer(), name: part.filename ?? '' };
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
}

/** Upload and download of photos and documents (/api/v1/files). Multipart parsing is registered here only. */
export const filesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: FILE_LIMITS.maxBytes, files: 1, fields: 5, parts: 6 },
  });
  const files = createFilesService({ db });
  const tags = ['files'];

  app.post(
    '/api/v1/files',
    {
      // Uploading needs one of the ledger's working permissions; the service checks which.
      config: { permission: 'authenticated' },
      schema: { tags, response: { 201: FileResponse } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { bytes, name } = await uploadedFile(req);
      return reply.status(201).send(await files.upload({ actor, bytes, name }));
    },
  );

  app.get(
    '/api/v1/files/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: IdParams, response: { 200: Binary } },
    },
    async (req, reply) => {
      const file = await files.get({ actor: actorOf(req), id: req.params.id });
      // Photos display inline; a PDF downloads, so it never runs in the app's origin.
      const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
      return reply
        .type(file.contentType)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name || file.id)}`)
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${file.sha256}"`)
        .send(file.data);
    },
  );
};
