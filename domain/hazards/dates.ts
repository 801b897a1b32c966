// The ledger's calendar-day arithmetic lives with every other date helper in domain/dates.ts.
export { addDays, addMonths, addYears, daysBetween, isYmd } from '../dates.ts';
