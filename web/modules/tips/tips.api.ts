import { TIP_PROOF_HEADER } from '../../../domain/tips/tips.ts';
import type {
  ApiBody,
  ApiQuery,
  ApiResponse,
  PublicTip,
  TipDetail,
  TipListItem,
  TipSettings,
} from '../../app/api-types.ts';
import { ApiError, NetworkError, http } from '../../app/http.ts';
import { solveChallenge } from '../../../domain/tips/proof.ts';

export type { PublicTip, TipDetail, TipListItem, TipSettings };
export type TipList = ApiResponse<'/api/v1/tips', 'get'>;
export type TipListQuery = ApiQuery<'/api/v1/tips', 'get'>;
export type SubmitTip = ApiBody<'/api/v1/public/tips', 'post'>;
export type VerifyTip = ApiBody<'/api/v1/tips/{id}/verify', 'post'>;

/** The public filing: a proof-of-work solved in the browser first, sent in its header. */
async function submitTip(body: SubmitTip, onSolving?: (solving: boolean) => void): Promise<{ trackingCode: string }> {
  const ch = await http.get<{ challenge: string; bits: number; header: string }>('/api/v1/public/tips/challenge');
  onSolving?.(true);
  const nonce = await solveChallenge(ch.challenge, ch.bits);
  onSolving?.(false);
  let res: Response;
  try {
    res = await fetch('/api/v1/public/tips', {
      method: 'POST',
      credentials: 'omit',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        [TIP_PROOF_HEADER]: `${ch.challenge}:${nonce}`,
      },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  const json = (await res.json().catch(() => undefined)) as
    | { trackingCode: string; error?: { code: string; message: string; details?: unknown }; requestId?: string }
    | undefined;
  if (!res.ok || !json?.trackingCode)
    throw new ApiError(
      res.status,
      json?.error?.code ?? `http.${res.status}`,
      json?.error?.message ?? '',
      json?.error?.details,
      json?.requestId ?? null,
    );
  return { trackingCode: json.trackingCode };
}

export const tipsApi = {
  submit: submitTip,
  uploadPhoto: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<{ id: string }>('/api/v1/public/tips/photos', form);
  },
  track: (code: string) => http.get<PublicTip>(`/api/v1/public/tips/${encodeURIComponent(code.trim())}`),
  list: (query: Partial<TipListQuery>) => http.get<TipList>('/api/v1/tips', query),
  get: (id: string) => http.get<TipDetail>(`/api/v1/tips/${id}`),
  accept: (id: string, body: ApiBody<'/api/v1/tips/{id}/accept', 'post'>) =>
    http.post<TipDetail>(`/api/v1/tips/${id}/accept`, body),
  verify: (id: string, body: VerifyTip) => http.post<TipDetail>(`/api/v1/tips/${id}/verify`, body),
  close: (id: string, answer: string) => http.post<TipDetail>(`/api/v1/tips/${id}/close`, { answer }),
  merge: (id: string, intoTipId: string) => http.post<TipDetail>(`/api/v1/tips/${id}/merge`, { intoTipId }),
  approveReward: (id: string, amount?: number) =>
    http.post<TipDetail>(`/api/v1/tips/${id}/reward/approve`, amount === undefined ? {} : { amount }),
  payReward: (id: string, paymentRef: string) => http.post<TipDetail>(`/api/v1/tips/${id}/reward/pay`, { paymentRef }),
  settings: () => http.get<TipSettings>('/api/v1/tips/settings'),
  saveSettings: (body: TipSettings) => http.put<TipSettings>('/api/v1/tips/settings', body),
};
