import type { Request, Response } from 'express';
import type { SimulatedInstance } from '../SimulatedInstance';
import { principalOf } from './authenticate';

/** The write operations of Argo CD's API the simulator answers. */
export type WriteOperation = 'refresh' | 'sync' | 'rollback';

/** One write call, as the control API reports it. */
export interface RecordedCall {
  /** 1, 2, … in arrival order since the last reset. */
  seq: number;
  /** When it arrived (RFC 3339 with milliseconds). */
  at: string;
  operation: WriteOperation;
  /** The application named in the path. */
  application: string;
  /** The `appNamespace` asked for, if any. */
  appNamespace?: string;
  /** The account that called (`sub` of its token, without `:login`/`:apiKey`). */
  subject?: string;
  /** The request body (sync, rollback) or `{refresh}` (a refresh). */
  body: unknown;
  /** The HTTP status answered. */
  status: number;
  /** Argo CD's error message, when refused. */
  error?: string;
}

/** Which calls to list. */
export interface CallFilter {
  operation?: string;
  application?: string;
}

/**
 * Every write call an instance received (refresh, sync, rollback), refused
 * ones included, so tests can assert "exactly one sync of payments-api".
 * Calls cut short by an injected fault never reach it.
 */
export class CallLog {
  private calls: RecordedCall[] = [];
  private seq = 0;

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded = { seq: ++this.seq, ...call };
    this.calls.push(recorded);
    return recorded;
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    return this.calls
      .filter(
        c =>
          (!filter.operation || c.operation === filter.operation) &&
          (!filter.application || c.application === filter.application),
      )
      .map(c => structuredClone(c));
  }

  reset(): void {
    this.calls = [];
    this.seq = 0;
  }
}

/** Runs a write handler and records the call with the status it answered. */
export function recordCall(
  instance: SimulatedInstance,
  req: Request,
  res: Response,
  operation: WriteOperation,
  body: unknown,
  handle: () => void,
): void {
  const appNamespace =
    (typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>).appNamespace === 'string'
      ? ((body as Record<string, unknown>).appNamespace as string)
      : undefined) ??
    (typeof req.query.appNamespace === 'string'
      ? req.query.appNamespace
      : undefined);
  try {
    handle();
  } finally {
    instance.calls.record({
      at: new Date().toISOString(),
      operation,
      application: req.params.name,
      ...(appNamespace ? { appNamespace } : {}),
      ...(principalOf(res) ? { subject: principalOf(res)!.subject } : {}),
      body,
      status: res.statusCode,
      ...(res.locals.argoError ? { error: res.locals.argoError } : {}),
    });
  }
}
