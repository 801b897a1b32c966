import { useCallback } from 'react';
import { type RananLimits, defaultRananLimits } from '../../../domain/hazards/limits.ts';
import { useRequest } from '../../app/useRequest.ts';
import { rulesApi } from './rules.api.ts';

/**
 * The limits in force (规则参数), for pages that show or apply one (the planning horizon, the training validity, the
 * licence-expiry window): the defaults until the server answers, so a page never waits on them.
 */
export function useLimitsInForce(): RananLimits {
  const { data } = useRequest(useCallback(() => rulesApi.overview(), []));
  return data ? ({ ...defaultRananLimits, ...data.current.values } as RananLimits) : defaultRananLimits;
}
