import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { argoPulseExpectationCreatePermission } from '@argo-pulse/backstage-plugin-common';
import type { ExpectationRequest } from '../expectations/expectationRequest';
import type { ExpectationIntake } from '../expectations/ExpectationIntake';
import type { ExpectationRecord } from '../expectations/types';
import { requireEntityPermission } from './authorizeEntity';
import { loadEntity, normalizeEntityRef } from './loadEntity';

/** Who is calling: a user entity reference or a service subject. */
export function principalRef(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject;
}

/**
 * Posts a validated expected version for its caller, whether it came over
 * `POST /expectations` or as the `expect-version` action: the entity read
 * with the caller's credentials (the catalog must show it to them), then
 * `argo-pulse.expectation.create` on it, then the intake.
 */
export async function postExpectation(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  intake: ExpectationIntake;
  credentials: BackstageCredentials;
  request: ExpectationRequest;
  idempotencyKey?: string;
}): Promise<ExpectationRecord> {
  const { catalog, permissions, intake, credentials, request } = options;
  const entityRef = request.entityRef
    ? normalizeEntityRef(request.entityRef)
    : undefined;
  const entity = entityRef
    ? await loadEntity({ catalog, credentials, entityRef })
    : undefined;
  await requireEntityPermission({
    permissions,
    credentials,
    permission: argoPulseExpectationCreatePermission,
    entityRef,
  });
  return intake.post({
    request,
    entityRef,
    entity,
    caller: principalRef(credentials),
    idempotencyKey: options.idempotencyKey,
  });
}
