import { http, withQuery } from '../../app/http.ts';
import type {
  CreateTrainingSessionInput,
  TrainingAttendee,
  TrainingSession,
  TrainingSessionDetail,
  TrainingSessionList,
  TrainingSignInSheetReport,
} from '../../app/api-types.ts';

export type Session = TrainingSession;
export type SessionDetail = TrainingSessionDetail;
export type Attendee = TrainingAttendee;
export type SessionInput = CreateTrainingSessionInput;
export type SignInSheetReport = TrainingSignInSheetReport;
export type AttendeeInput = NonNullable<SessionInput['attendees']>[number];

export type SessionFilters = { q?: string; regionId?: string; from?: string; to?: string; personId?: string };

const base = '/api/v1/training/sessions';

export const trainingApi = {
  list: (query: SessionFilters & { page: number; pageSize: number }) => http.get<TrainingSessionList>(base, query),
  get: (id: string) => http.get<SessionDetail>(`${base}/${id}`),
  create: (body: SessionInput) => http.post<SessionDetail>(base, body),
  addAttendees: (id: string, attendees: AttendeeInput[]) =>
    http.post<SessionDetail>(`${base}/${id}/attendees`, { attendees }),
  importSheet: (id: string, file: File, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<SignInSheetReport>(`${base}/${id}/sign-in-sheet`, form, { dryRun });
  },
  exportUrl: (filters: SessionFilters) => withQuery(`${base}/export`, filters),
  templateUrl: '/api/v1/training/sign-in-sheet/template',
};
