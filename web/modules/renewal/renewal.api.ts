import { http, withQuery } from '../../app/http.ts';
import type { RenewalCandidate, RenewalCandidateList } from '../../app/api-types.ts';
import type { CandidateReason } from '../../../domain/renewal/candidates.ts';

export type Candidate = RenewalCandidate;
export type CandidateList = RenewalCandidateList;
export type CandidateFilters = { regionId?: string; operatorId?: string; reason?: CandidateReason };

const base = '/api/v1/renewal/candidates';

export const renewalApi = {
  candidates: (query: CandidateFilters & { page: number; pageSize: number }) => http.get<CandidateList>(base, query),
  exportUrl: (filters: CandidateFilters) => withQuery(`${base}/export`, filters),
};
