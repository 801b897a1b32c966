import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { TIP_PROOF_HEADER } from '../../../domain/tips/tips.ts';
import type { HazardLimits } from '../../../domain/hazards/limits.ts';
import type { PublicTipsConfig } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { checkUploadName, multipartFailure } from '../../platform/http.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { tipPhotoMissing, tipPhotoTooLarge } from './tips.errors.ts';
import {
  AcceptTipBody,
  ApproveRewardBody,
  CloseTipBody,
  ListTipsQuery,
  MergeTipBody,
  PayRewardBody,
  PublicTip,
  SubmitTipBody,
  TipChallenge,
  TipDetail,
  TipListResponse,
  TipPhotoUploaded,
  TipSettings,
  TipSubmitted,
  TrackingParams,
  VerifyTipBody,
} from './tips.schemas.ts';
import { TIP_PHOTO_MAX_BYTES, createTipsService } from './tips.service.ts';

async function uploadedPhoto(req: FastifyRequest) {
  if (!req.isMultipart()) throw tipPhotoMissing();
  const tooLarge = () => tipPhotoTooLarge({ limitBytes: TIP_PHOTO_MAX_BYTES });
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
  if (!part) throw tipPhotoMissing();
  checkUploadName(part.filename ?? '');
  try {
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw tooLarge();
    return { bytes, name: part.filename ?? '' };
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
}

/**
 * Public tips (issue 14): the public routes (no sign-in, rate-limited per client address) and the
 * staff's handling under /api/v1/tips.
 */
export const tipsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  publicTips: PublicTipsConfig;
  limits?: HazardLimits;
}> = async (app, { db, publicTips, limits }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: TIP_PHOTO_MAX_BYTES, files: 1, fields: 2, parts: 3 },
  });
  const tips = createTipsService({ db, publicTips, limits });
  const tags = ['tips'];
  const burst = { max: publicTips.perMinute, timeWindow: '1 minute' };

  app.get(
    '/api/v1/public/tips/challenge',
    {
      config: { permission: 'public', rateLimit: { max: publicTips.perMinute * 6, timeWindow: '1 minute' } },
      schema: { tags, response: { 200: TipChallenge } },
    },
    () => tips.challenge(),
  );

  app.post(
    '/api/v1/public/tips/photos',
    { config: { permission: 'public', rateLimit: burst }, schema: { tags, response: { 201: TipPhotoUploaded } } },
    async (req, reply) => reply.status(201).send(await tips.uploadPhoto(await uploadedPhoto(req))),
  );

  app.post(
    '/api/v1/public/tips',
    {
      config: { permission: 'public', rateLimit: burst },
      schema: { tags, body: SubmitTipBody, response: { 201: TipSubmitted } },
    },
    async (req, reply) => {
      const proof = req.headers[TIP_PROOF_HEADER];
      const result = await tips.submit({
        input: req.body,
        clientAddress: req.ip,
        proof: typeof proof === 'string' && proof ? proof : undefined,
      });
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/v1/public/tips/:trackingCode',
    {
      config: { permission: 'public', rateLimit: { max: publicTips.perMinute * 6, timeWindow: '1 minute' } },
      schema: { tags, params: TrackingParams, response: { 200: PublicTip } },
    },
    (req) => tips.track(req.params.trackingCode),
  );

  app.get(
    '/api/v1/tips',
    {
      config: { permission: 'tip.read' },
      schema: { tags, querystring: ListTipsQuery, response: { 200: TipListResponse } },
    },
    (req) => tips.list({ actor: actorOf(req), query: req.query }),
  );

  app.get(
    '/api/v1/tips/settings',
    { config: { permission: 'tip.read' }, schema: { tags, response: { 200: TipSettings } } },
    (req) => tips.settings({ actor: actorOf(req) }),
  );

  app.put(
    '/api/v1/tips/settings',
    { config: { permission: 'tip.configure' }, schema: { tags, body: TipSettings, response: { 200: TipSettings } } },
    (req) => tips.updateSettings({ actor: actorOf(req), input: req.body }),
  );

  app.get(
    '/api/v1/tips/:id',
    { config: { permission: 'tip.read' }, schema: { tags, params: IdParams, response: { 200: TipDetail } } },
    (req) => tips.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/tips/:id/accept',
    {
      config: { permission: 'tip.handle' },
      schema: { tags, params: IdParams, body: AcceptTipBody, response: { 200: TipDetail } },
    },
    (req) => tips.accept({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/tips/:id/verify',
    {
      config: { permission: 'tip.handle' },
      schema: { tags, params: IdParams, body: VerifyTipBody, response: { 200: TipDetail } },
    },
    (req) => tips.verify({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/api/v1/tips/:id/close',
    {
      config: { permission: 'tip.handle' },
      schema: { tags, params: IdParams, body: CloseTipBody, response: { 200: TipDetail } },
    },
    (req) => tips.close({ actor: actorOf(req), id: req.params.id, answer: req.body.answer }),
  );

  app.post(
    '/api/v1/tips/:id/merge',
    {
      config: { permission: 'tip.handle' },
      schema: { tags, params: IdParams, body: MergeTipBody, response: { 200: TipDetail } },
    },
    (req) => tips.merge({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/tips/:id/reward/approve',
    {
      config: { permission: 'tip.reward' },
      schema: { tags, params: IdParams, body: ApproveRewardBody, response: { 200: TipDetail } },
    },
    (req) => tips.approveReward({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/tips/:id/reward/pay',
    {
      config: { permission: 'tip.reward' },
      schema: { tags, params: IdParams, body: PayRewardBody, response: { 200: TipDetail } },
    },
    (req) => tips.payReward({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );
};
