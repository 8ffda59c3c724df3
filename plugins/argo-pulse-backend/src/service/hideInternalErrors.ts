import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

/** Errors that are answers (a 4xx, or 503 on purpose): their messages are written for the caller. */
const ANSWERS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/**
 * Keeps internals out of answers: an unexpected error (the database down,
 * with its address; a dependency's nested error) is logged in full and
 * answered as a plain 500 that says where to look. Errors meant as answers
 * pass unchanged to Backstage's error handler.
 */
export function hideInternalErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, req, _res, next) => {
    // Backstage's answers, and the body parser's 4xx (malformed JSON, a body too large).
    const status =
      (error as { status?: unknown; statusCode?: unknown } | undefined)
        ?.status ?? (error as { statusCode?: unknown } | undefined)?.statusCode;
    if (
      (isError(error) && ANSWERS.has(error.name)) ||
      (typeof status === 'number' && status < 500)
    ) {
      next(error);
      return;
    }
    const at = new Date().toISOString();
    logger.error(
      `${req.method} ${req.originalUrl} failed at ${at}`,
      isError(error) ? error : new Error(String(error)),
    );
    const hidden = new Error(
      `Argo Pulse could not answer this request; the backend log has the details (${at})`,
    );
    hidden.name = 'InternalError';
    next(hidden);
  };
}
