import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
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

/** Whether `ref` reads as an entity reference, the kind `component` and the namespace `default` when left out. */
export function isEntityRef(ref: string): boolean {
  try {
    parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return true;
  } catch {
    return false;
  }
}

/** An entity reference field, as the catalog (and `catalog:register`'s output) writes one. */
export const entityRefField = (z: Zod) =>
  z.string().trim().min(1).max(512).refine(isEntityRef, {
    message:
      'must be an entity reference such as component:default/payments-api (or payments-api: the kind defaults to component, the namespace to default)',
  });

/**
 * An optional text field where an empty string means "not given": a
 * template passes `${{ parameters.x }}` whether or not its user filled x in.
 */
export const optionalText = (z: Zod, max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform(value => value?.trim() || undefined);
