// JSON lives in text columns: the same on SQLite and PostgreSQL, and read
// back without driver-specific parsing.

/** A value as a JSON text column (`null` for absent). */
export const json = (value: unknown) => JSON.stringify(value ?? null);

/** A JSON text column back as a value, `undefined` when empty. */
export const parseJson = <T>(value: string | null | undefined): T | undefined =>
  value ? (JSON.parse(value) as T) : undefined;

/** A nullable column as an optional field. */
export const orUndefined = <T>(value: T | null | undefined): T | undefined =>
  value ?? undefined;

/** Longest text kept in a free-text column (a commit message, an error): enough to read, bounded for the database. */
export const MAX_TEXT = 10_000;

/**
 * Text from outside (Argo CD, CI) made storable: PostgreSQL refuses the NUL
 * character in text, and one such value must not fail a whole poll or post;
 * overlong text is cut. JSON columns need none of this (JSON escapes NUL).
 */
export function storableText(value: string, maxLength?: number): string;
export function storableText(
  value: string | null | undefined,
  maxLength?: number,
): string | null;
export function storableText(
  value: string | null | undefined,
  maxLength = MAX_TEXT,
): string | null {
  if (value === null || value === undefined) return null;
  const clean = value.split('\u0000').join('');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
