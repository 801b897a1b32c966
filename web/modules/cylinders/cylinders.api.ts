import { http } from '../../app/http.ts';

/** `GET /api/v1/public/cylinders/:code`: the public page's facts (nothing personal). */
export type PublicCylinder = {
  code: string;
  registered: boolean;
  ownerName: string | null;
  model: string | null;
  legacyDualPhase: boolean;
  status: 'in_service' | 'seized' | 'scrapped' | null;
  manufacturedOn: string | null;
  lastFilledAt: string | null;
  lastFilledAtStation: string | null;
  inspectionValidUntil: string | null;
  verdict: {
    level: 'safe' | 'unsafe' | 'unknown';
    headline: string;
    reasons: { code: string; message: string }[];
    advice: string;
    caution: string | null;
  };
};

export const cylindersApi = {
  publicLookup: (code: string) => http.get<PublicCylinder>(`/api/v1/public/cylinders/${encodeURIComponent(code)}`),
};
