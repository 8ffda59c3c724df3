import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';

/** The zod (v3) `createTemplateAction` hands an action's schema functions. */
export type Zod = typeof zod;

/**
 * An action's input through its own schema. The scaffolder checks the input
 * against the JSON Schema made from it, which has neither the refinements
 * (entityRef or application) nor the defaults: parsing again applies both,
 * and a mistake is refused naming the field, before any request.
 */
export function parseActionInput<T extends zod.ZodTypeAny>(
  actionId: string,
  schema: T,
  input: unknown,
): zod.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(issue =>
    issue.path.length
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message,
  );
  throw new InputError(`Invalid input to ${actionId}: ${issues.join('; ')}`);
}
