import type {
  AuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Knex } from 'knex';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ExpectationIntake } from '../expectations/ExpectationIntake';
import type { ExpectationService } from '../expectations/ExpectationService';
import type { ExpectationStore } from '../expectations/ExpectationStore';
import type { ApplicationOperations } from '../service/ApplicationOperations';
import type { OperationStore } from '../operations/OperationStore';

/**
 * What the actions read with: the plugin's stores and database (the read
 * actions never call Argo CD; refresh and sync go through `operations`),
 * the catalog and the permissions service, each called with the
 * credentials of the action's caller.
 */
export interface ArgoPulseActionsOptions {
  actionsRegistry: ActionsRegistryService;
  db: Knex;
  config: ArgoPulseConfig;
  store: ArgoPulseStore;
  expectationStore: ExpectationStore;
  expectations: ExpectationService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  userInfo: UserInfoService;
  /** How `expect-version` posts, as `POST /expectations` does. */
  intake: ExpectationIntake;
  /** Refresh and sync (`refresh-application`, `sync-application`). */
  operations: ApplicationOperations;
  /** For each deployment's `rollback` and `startedFromBackstage` in `list-deployments`. */
  operationStore: OperationStore;
  now?: () => Date;
}

/** What every Argo Pulse action is: it reads, and reading again answers the same. */
export const READ_ONLY = {
  readOnly: true,
  idempotent: true,
  destructive: false,
} as const;
