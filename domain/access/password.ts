export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Why a password is too weak, or null when acceptable. Shared by the server and the forms. */
export function passwordWeakness(password: string): 'too_short' | 'too_long' | 'needs_letter_and_digit' | null {
  if (password.length < PASSWORD_MIN) return 'too_short';
  if (password.length > PASSWORD_MAX) return 'too_long';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'needs_letter_and_digit';
  return null;
}
