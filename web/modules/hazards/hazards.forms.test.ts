import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { followUpRequest, hazardChanges } from './hazards.forms.ts';

const hazard = {
  responsibleParty: '蒙源羊肉馆',
  responsiblePersonId: '0b7c5f7e-2a8b-4c55-9a57-5f1f0a0c0d01',
  responsiblePersonName: '刘老板',
  responsiblePhone: '13904770000',
  deadline: '2024-03-31',
};
const unchanged = {
  responsibleParty: '蒙源羊肉馆',
  responsiblePersonName: '刘老板',
  responsiblePhone: '13904770000',
  deadline: dayjs('2024-03-31'),
  reason: '',
};

describe('hazardChanges (编辑隐患)', () => {
  it('sends nothing when nothing changed, even with a note', () => {
    expect(hazardChanges(hazard, unchanged)).toEqual({});
    expect(hazardChanges(hazard, { ...unchanged, reason: '核实' })).toEqual({});
  });

  it('sends a moved deadline with its reason (empty if none: the server refuses it on the reason field)', () => {
    expect(hazardChanges(hazard, { ...unchanged, deadline: dayjs('2024-04-30'), reason: ' 需更换管道 ' })).toEqual({
      deadline: '2024-04-30',
      reason: '需更换管道',
    });
    expect(hazardChanges(hazard, { ...unchanged, deadline: dayjs('2024-04-30') })).toEqual({
      deadline: '2024-04-30',
      reason: '',
    });
  });

  it('unlinks the registered person when the name is typed by hand, and clears with null', () => {
    expect(hazardChanges(hazard, { ...unchanged, responsiblePersonName: '王经理' })).toEqual({
      responsiblePersonName: '王经理',
      responsiblePersonId: null,
    });
    expect(hazardChanges(hazard, { ...unchanged, responsiblePhone: '  ' })).toEqual({ responsiblePhone: null });
    expect(
      hazardChanges(
        { ...hazard, responsiblePersonId: null },
        { ...unchanged, responsiblePersonName: '王经理', reason: '换人' },
      ),
    ).toEqual({ responsiblePersonName: '王经理', reason: '换人' });
  });
});

describe('followUpRequest (安排回头看)', () => {
  it('sends the phase or the dates, and the share as a fraction', () => {
    expect(followUpRequest({ by: 'phase', phase: 'intensive', sharePercent: 20 })).toEqual({
      phase: 'intensive',
      share: 0.2,
    });
    expect(
      followUpRequest({
        by: 'dates',
        phase: 'intensive',
        dates: [dayjs('2024-01-01'), dayjs('2024-03-31')],
        sharePercent: 12.5,
        dueOn: dayjs('2024-05-01'),
        regionId: 'r1',
      }),
    ).toEqual({ from: '2024-01-01', to: '2024-03-31', share: 0.125, dueOn: '2024-05-01', regionId: 'r1' });
    expect(followUpRequest({ by: 'phase', phase: 'long_term', sharePercent: null })).toEqual({ phase: 'long_term' });
  });
});
