import { randomUUID } from 'node:crypto';
import type { ApplicationKey } from '../database/types';
import type { ExpectationRecord } from './types';

/** A new pending expectation, its deadline counted from now. */
export function newExpectationRecord(options: {
  entityRef?: string;
  targets: ApplicationKey[];
  images: string[];
  timeoutMs: number;
  now: Date;
  details?: Pick<
    ExpectationRecord,
    | 'awaiting'
    | 'revision'
    | 'author'
    | 'runUrl'
    | 'createdBy'
    | 'idempotencyKey'
    | 'requestHash'
    | 'compat'
  >;
}): ExpectationRecord {
  const deadlineAt = new Date(
    options.now.getTime() + options.timeoutMs,
  ).toISOString();
  const details = Object.fromEntries(
    Object.entries(options.details ?? {}).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return {
    id: randomUUID(),
    ...(options.entityRef ? { entityRef: options.entityRef } : {}),
    targets: options.targets,
    images: options.images,
    state: 'pending',
    createdAt: options.now.toISOString(),
    deadlineAt,
    nextCheckAt: deadlineAt,
    progress: {},
    ...details,
  };
}
