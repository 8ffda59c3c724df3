// JSON lives in text columns: the same on SQLite and PostgreSQL, and read
// back without driver-specific parsing.

/** A value as a JSON text column (`null` for absent). */
export const json = (value: unknown) => JSON.stringify(value ?? null);

/** A JSON text column back as a value, `undefined` when empty. */
export const parseJson = <T>(value: string | null | undefined): T | undefined => (value ? (JSON.parse(value) as T) : undefined);

/** A nullable column as an optional field. */
export const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
