import type { Response } from 'express';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';

/**
 * Argo CD answers errors as grpc-gateway does: a gRPC status as JSON,
 * `{"error": msg, "code": grpcCode, "message": msg}`, with the HTTP status
 * mapped from the gRPC code.
 */
/**
 * gRPC codes the shared `ArgoCdErrorCode` does not name. FailedPrecondition is what Argo CD
 * answers for "another operation is already in progress" (util/argo/argo.go,
 * `ErrAnotherOperationInProgress`) and a rollback under auto-sync; grpc-gateway v1.16 (Argo CD's)
 * maps it to HTTP 400, not 409 or 412.
 */
export const GrpcCode = {
  FailedPrecondition: 9,
} as const;

const HTTP_STATUS_BY_CODE: Record<number, number> = {
  [ArgoCdErrorCode.Unknown]: 500,
  [ArgoCdErrorCode.InvalidArgument]: 400,
  [GrpcCode.FailedPrecondition]: 400,
  [ArgoCdErrorCode.NotFound]: 404,
  [ArgoCdErrorCode.PermissionDenied]: 403,
  [ArgoCdErrorCode.Unavailable]: 503,
  [ArgoCdErrorCode.Unauthenticated]: 401,
};

/** Sends an Argo CD error body for a gRPC code. */
export function sendArgoError(
  res: Response,
  code: number,
  message: string,
): void {
  res.locals.argoError = message;
  res
    .status(HTTP_STATUS_BY_CODE[code] ?? 500)
    .json({ error: message, code, message });
}

/** What Argo CD answers for an application that does not exist or that the caller may not see. */
export function sendPermissionDenied(res: Response): void {
  sendArgoError(res, ArgoCdErrorCode.PermissionDenied, 'permission denied');
}
