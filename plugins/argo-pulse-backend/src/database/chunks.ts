/** Rows per statement: well under SQLite's bound-parameter limit. */
export const BATCH = 200;

/** Splits rows into statement-sized batches. */
export function chunks<T>(items: T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}
