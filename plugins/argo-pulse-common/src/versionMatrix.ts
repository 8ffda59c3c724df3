// The version matrix: which version of each of an entity's images runs in
// each environment, and where an environment drifted from the one before it.

/**
 * One version of an image running in an environment.
 *
 * @public
 */
export interface ArgoPulseMatrixVersion {
  /** The tag, or the short digest when the reference has no tag (`sha256:1a2b3c4`). */
  version: string;
  /** The full image reference as Argo CD reports it. */
  image: string;
  /** Since when it runs there: the first of the deployments, newest first, that kept it running. */
  since?: string;
  /** The applications running it. */
  applications: Array<{ instance: string; namespace: string; name: string }>;
}

/**
 * One image (repository) of the entity across the environments, in column order.
 *
 * @public
 */
export interface ArgoPulseMatrixRow {
  /** The repository, with its registry: `ghcr.io/acme/payments-api`. */
  repository: string;
  /** One cell per environment, in the order of `environments`; no versions where it does not run. */
  cells: Array<{ environment: string; versions: ArgoPulseMatrixVersion[] }>;
}

/**
 * Where an environment differs from the one before it in the order:
 * `untested`, it runs a version the earlier one never ran; `behind`, the
 * earlier one deployed newer versions since the one it runs.
 *
 * @public
 */
export interface ArgoPulseMatrixDrift {
  /** The image repository that drifted, with its registry. */
  repository: string;
  /** The environment that drifted. */
  environment: string;
  /** The earlier environment it is compared with. */
  comparedTo: string;
  /** `untested`: a version the earlier environment never ran; `behind`: older than what the earlier one runs. */
  kind: 'untested' | 'behind';
  /** For `behind`: how many deployments of newer versions the earlier environment made since. */
  deploymentsBehind?: number;
  /** In words: "prod runs 1.9.9, which never ran in staging", "prod is 3 deployments behind staging". */
  message: string;
}

/**
 * The answer of `GET /entities/:kind/:namespace/:name/versions`.
 *
 * @public
 */
export interface EntityVersionMatrixResponse {
  /** The entity's reference in its full form, such as `component:default/payments-api`. */
  entityRef: string;
  /** The columns: the configured environments (`argoPulse.environments`) in order, or one per instance without that configuration. */
  environments: string[];
  /** One row per image repository the entity's applications run, sorted. */
  rows: ArgoPulseMatrixRow[];
  /** Where environments drifted, each against the nearest earlier one that runs the image. */
  drift: ArgoPulseMatrixDrift[];
  /** A configuration problem with the entity's annotations, in words. */
  problem?: string;
}

/**
 * One entity's rows and drift in the portal-wide matrix.
 *
 * @public
 */
export interface ArgoPulseEntityVersions {
  /** The entity, as `kind:namespace/name` in lower case. */
  entityRef: string;
  /** One row per image repository the entity's applications run, sorted; cells in the order of the response's `environments`. */
  rows: ArgoPulseMatrixRow[];
  /** Where environments drifted, each against the nearest earlier one that runs the image. */
  drift: ArgoPulseMatrixDrift[];
}

/**
 * The answer of `GET /versions`: the version matrix of many entities (a
 * team's, a system's), one entry per entity, sorted by entity ref.
 *
 * @public
 */
export interface PortalVersionMatrixResponse {
  /** The columns, shared by every entity: the configured environments in order, or one per instance their applications run in. */
  environments: string[];
  /** The entities of this page. */
  entities: ArgoPulseEntityVersions[];
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
}
