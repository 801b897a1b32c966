import type {
  CreateGasConversionInput,
  CreatePublicityActivityInput,
  GasConversion,
  GasConversionList,
  PublicityActivity,
  PublicityActivityList,
  PublicityFigures,
} from '../../app/api-types.ts';
import { http, withQuery } from '../../app/http.ts';

export type { GasConversion, PublicityActivity, PublicityFigures };
export type ActivityInput = CreatePublicityActivityInput;
export type ConversionInput = CreateGasConversionInput;
export type PublicityFilters = { regionId?: string; from?: string; to?: string };

const base = '/api/v1/publicity';

export const publicityApi = {
  figures: (q: PublicityFilters) => http.get<PublicityFigures>(`${base}/figures`, q),
  activities: (q: PublicityFilters & { page: number; pageSize: number }) =>
    http.get<PublicityActivityList>(`${base}/activities`, q),
  conversions: (q: PublicityFilters & { page: number; pageSize: number }) =>
    http.get<GasConversionList>(`${base}/conversions`, q),
  createActivity: (body: ActivityInput) => http.post<PublicityActivity>(`${base}/activities`, body),
  createConversion: (body: ConversionInput) => http.post<GasConversion>(`${base}/conversions`, body),
  exportUrl: (q: PublicityFilters) => withQuery(`${base}/figures/export`, q),
};
