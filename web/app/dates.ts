import dayjs, { type Dayjs } from 'dayjs';
import { chinaToday } from '../../domain/registry/pipelines-people-vehicles.ts';

export { chinaToday };

/**
 * Today on the campaign's calendar (China time), as a dayjs date: what date pickers default to and
 * compare with, whatever time zone the device is set to. The server checks dates against the same day.
 */
export function chinaTodayDay(): Dayjs {
  return dayjs(chinaToday());
}
