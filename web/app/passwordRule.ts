import type { FormRule } from 'antd';
import { passwordWeakness } from '../../domain/access/password.ts';
import { type MessageKey, t } from './i18n.ts';

/** The form rule for a new password: the same passwordWeakness the server applies. */
export function passwordRule(): FormRule {
  return {
    validator: async (_, value: unknown) => {
      const reason = passwordWeakness(typeof value === 'string' ? value : '');
      if (reason) throw new Error(t(`password.weakness.${reason}` as MessageKey));
    },
  };
}
