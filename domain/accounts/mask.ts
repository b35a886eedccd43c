/**
 * Masks an account name shown to someone who does not own it: a second registration with a taken
 * 组织机构代码 is told which account already holds it (SPEC §5: `gz***ty`), enough for the rightful
 * user to recognise it, not enough for a stranger to log in with it.
 *
 * Counted in characters, not UTF-16 units, so Chinese names (legacy accounts are enterprise names)
 * and rare characters outside the BMP mask the same way: 广州某某制造有限公司 → 广州***公司.
 * Short names show less, so that a good part stays hidden: 6 or more characters → two at each end
 * (gzcity → gz***ty); 4–5 → one at each end; 2–3 → the first only; 1 → nothing.
 */
export const MASK = '***';

export function maskAccount(username: string): string {
  const characters = [...username.trim()];
  const n = characters.length;
  if (n <= 1) return MASK;
  if (n <= 3) return characters[0] + MASK;
  const shown = n >= 6 ? 2 : 1; // at each end
  return characters.slice(0, shown).join('') + MASK + characters.slice(n - shown).join('');
}
