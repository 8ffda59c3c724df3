import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates request input with a zod schema; on failure throws an
 * `InputError` (400) that names each bad field and what is wrong with it.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues
      .map(i =>
        i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${details}`);
  }
  return result.data;
}

/** The items of a comma-separated query parameter, trimmed, empty ones dropped. */
const commaSeparated = z.string().transform(value =>
  value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean),
);

/** A comma-separated list in a query parameter. */
export const queryList = commaSeparated.pipe(
  z.array(z.string().min(1).max(512)).max(50),
);

/** A comma-separated list of some of `values` in a query parameter. */
export const queryChoices = <T extends string>(values: readonly [T, ...T[]]) =>
  commaSeparated.pipe(z.array(z.enum(values)));
