import { createHash } from 'node:crypto';

/** What Argo Pulse accepts in `Idempotency-Key`: 1 to 255 printable ASCII characters, no spaces. */
const MAX_LENGTH = 255;
const NOT_PRINTABLE = /[^\x21-\x7e]/;

/**
 * The `Idempotency-Key` of one run of a template step: the task, the step
 * and, in a step with `each`, the iteration. A retried task runs its steps
 * again under the same task id, so its post answers the expectation the
 * first run created instead of posting a second one. Argo Pulse keys are per
 * caller, so two users' tasks never share one.
 */
export function idempotencyKey(run: {
  task: { id: string };
  step?: { id?: string };
  each?: { key?: unknown; [field: string]: unknown };
}): string {
  const parts = [
    'backstage-scaffolder',
    run.task.id,
    run.step?.id ?? 'step',
    ...(run.each?.key !== undefined ? [String(run.each.key)] : []),
  ];
  const key = parts.join(':');
  if (!NOT_PRINTABLE.test(key) && key.length <= MAX_LENGTH) return key;
  // A step id with spaces or other characters, or too long, is hashed: still one key per step.
  return `backstage-scaffolder:${createHash('sha256')
    .update(key)
    .digest('hex')}`;
}
