import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';
import { DAY_FORMAT } from './format.ts';
import { useIsMobile } from './useIsMobile.ts';

const YMD = /^\d{4}-\d{2}-\d{2}$/;

export type DateFieldProps = {
  /** Set by Form.Item: the picker's input carries it, so the label points at it. */
  id?: string;
  /** The day as the API takes it, 'YYYY-MM-DD'; empty or unreadable shows an empty picker. */
  value?: string | null;
  /** The picked day as 'YYYY-MM-DD', or undefined when cleared. */
  onChange?: (value: string | undefined) => void;
  /** The first and the last day that may be picked ('YYYY-MM-DD'; empty: no bound), as the form's rule says. */
  min?: string | null;
  max?: string | null;
  disabled?: boolean;
  placeholder?: string;
  status?: 'error' | 'warning';
  title?: string;
  style?: CSSProperties;
  'aria-label'?: string;
};

/**
 * The forms' date field: antd's DatePicker over the 'YYYY-MM-DD' string the API expects, so a form's values
 * stay plain strings. Calendar days carry no time zone (the string is read and written as it is); the
 * bounds are days on China's calendar (callers pass `chinaToday()` for today). Month and weekday names follow
 * the app's locale (ConfigProvider and dayjs's locale, set in root.tsx); the day reads YYYY-MM-DD in both.
 * On a phone the picker's calendar is used instead of the keyboard.
 */
export function DateField({ value, onChange, min, max, style, ...rest }: DateFieldProps) {
  const isMobile = useIsMobile();
  return (
    <DatePicker
      {...rest}
      format={DAY_FORMAT}
      inputReadOnly={isMobile}
      style={{ width: '100%', ...style }}
      value={value && YMD.test(value) ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format(DAY_FORMAT) : undefined)}
      disabledDate={
        min || max
          ? (d) => {
              const day = d.format(DAY_FORMAT);
              return (!!min && day < min) || (!!max && day > max);
            }
          : undefined
      }
    />
  );
}
