import { addDays, addMonths } from '../../domain/dates.ts';

/** How many months before today the demo's campaign started (the first of that month). */
export const DEMO_CAMPAIGN_MONTHS_AGO = 5;

export type DemoCampaignSchedule = {
  /** The campaign's first day. */
  startsOn: string;
  intensive: { startsOn: string; endsOn: string };
  consolidation: { startsOn: string; endsOn: string };
  longTerm: { startsOn: string };
};

/**
 * The demo's campaign calendar, relative to today, so a fresh demo always shows a running campaign
 * (its history and its hazards dated from a start a few months back, not frozen in 2023). The
 * phases keep the plan's lengths (五、工作安排): 集中攻坚 four months (2023年8月至11月), 全面巩固提升
 * seven (2023年12月至2024年6月), then 建立长效机制, open-ended.
 */
export function demoCampaignSchedule(today: string, monthsAgo = DEMO_CAMPAIGN_MONTHS_AGO): DemoCampaignSchedule {
  const startsOn = addMonths(`${today.slice(0, 7)}-01`, -monthsAgo);
  const consolidationStart = addMonths(startsOn, 4);
  const longTermStart = addMonths(consolidationStart, 7);
  return {
    startsOn,
    intensive: { startsOn, endsOn: addDays(consolidationStart, -1) },
    consolidation: { startsOn: consolidationStart, endsOn: addDays(longTermStart, -1) },
    longTerm: { startsOn: longTermStart },
  };
}

/** The phase a day of the demo's history falls in. */
export function demoPhaseOf(schedule: DemoCampaignSchedule, day: string): 'intensive' | 'consolidation' | 'long_term' {
  return day <= schedule.intensive.endsOn
    ? 'intensive'
    : day <= schedule.consolidation.endsOn
      ? 'consolidation'
      : 'long_term';
}
