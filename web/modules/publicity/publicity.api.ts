import type {
  CreateGasConversionInput,
  CreatePublicityActivityInput,
  GasConversion,
  GasConversionList,
  PublicityActivity,
  PublicityActivityList,
  PublicityFigures,
  UpdateGasConversionInput,
  UpdatePublicityActivityInput,
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
  updateActivity: (id: string, body: UpdatePublicityActivityInput) =>
    http.patch<PublicityActivity>(`${base}/activities/${id}`, body),
  deleteActivity: (id: string) => http.delete<void>(`${base}/activities/${id}`),
  updateConversion: (id: string, body: UpdateGasConversionInput) =>
    http.patch<GasConversion>(`${base}/conversions/${id}`, body),
  deleteConversion: (id: string) => http.delete<void>(`${base}/conversions/${id}`),
  exportUrl: (q: PublicityFilters) => withQuery(`${base}/figures/export`, q),
};
