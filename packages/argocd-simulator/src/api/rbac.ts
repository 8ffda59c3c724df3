import type { RbacAction } from '../scenario/scenarioSchema';
import type { SimApplication } from '../model/SimApplication';
import { k8sTime } from '../model/ids';

/** Who is calling: an account (local login or API key) and what it may do. */
export interface Principal {
  /** The account, as Argo CD names it in messages and `initiatedBy` (`sub` without `:login`/`:apiKey`). */
  subject: string;
  /** The token's `iat`, in seconds, when it has one. */
  issuedAt?: number;
  /** The actions allowed on applications; undefined allows everything. */
  rbac?: readonly RbacAction[];
}

/**
 * Whether the principal may take an action. Rollback falls back to `sync`, as in Argo CD
 * when `server.rbac.rollback.enforce.enable` is off (the default; server/application/application.go).
 */
export function allows(principal: Principal | undefined, action: string) {
  if (!principal?.rbac) return true;
  const effective = action === 'rollback' ? 'sync' : action;
  return principal.rbac.includes(effective as RbacAction);
}

/** `project/name`, or `project/namespace/name` outside the controller's namespace (util/security/rbac.go). */
export function rbacName(app: SimApplication, controllerNamespace: string) {
  const { project } = app.doc.spec;
  const { namespace, name } = app.doc.metadata;
  return namespace && namespace !== controllerNamespace
    ? `${project}/${namespace}/${name}`
    : `${project}/${name}`;
}

/**
 * Argo CD's `Enforcer.EnforceErr` message (util/rbac/rbac.go):
 * `permission denied: applications, sync, default/shop, sub: admin, iat: 2025-01-01T00:00:00Z`.
 */
export function enforceErrMessage(
  principal: Principal | undefined,
  resource: string,
  action: string,
  object: string,
): string {
  const parts = [resource, action, object];
  if (principal?.subject) parts.push(`sub: ${principal.subject}`);
  if (principal?.issuedAt !== undefined)
    parts.push(`iat: ${k8sTime(new Date(principal.issuedAt * 1000))}`);
  return `permission denied: ${parts.join(', ')}`;
}
