/**
 * Delivery metrics (DORA's four keys) computed by the backend from Argo
 * Pulse's deployment history: `GET /insights`.
 */

/**
 * A performance band as DORA's State of DevOps report (2023) draws them.
 *
 * @public
 */
export type ArgoPulseDoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * A duration figure: its median and 90th percentile over `count` samples.
 *
 * @public
 */
export interface ArgoPulseDurationFigure {
  /** The median, in seconds. */
  medianSeconds: number;
  /** The 90th percentile, in seconds. */
  p90Seconds: number;
  /** How many samples it is over. */
  count: number;
  /** The band of the median. */
  band: ArgoPulseDoraBand;
}

/**
 * The four keys over a window, for some applications.
 *
 * @public
 */
export interface ArgoPulseDeliveryFigures {
  /** Successful syncs that finished in the window. */
  deployments: number;
  /** Failed syncs (operations that failed or errored) in the window. */
  failedSyncs: number;
  /** Deployments per day, and its band. */
  frequency: { perDay: number; band: ArgoPulseDoraBand };
  /** From the commit's author date to Healthy, over healthy deployments whose commit date is known. */
  leadTime?: ArgoPulseDurationFigure;
  /**
   * Degraded deployments, failed syncs and deployments rolled back, over all
   * that settled (`unknown` and `progressing` ones are not counted, and are
   * said in `unsettled`).
   */
  changeFailureRate?: {
    rate: number;
    failures: number;
    settled: number;
    band: ArgoPulseDoraBand;
  };
  /** From a failing deployment to the next healthy one of the same application. */
  timeToRestore?: ArgoPulseDurationFigure;
  /**
   * From CI posting an expected version to its verdict `deployed`, over the
   * expectations deployed in the window that target these applications
   * (absent where CI posted none). No band: DORA draws none for it.
   */
  ciLeadTime?: Omit<ArgoPulseDurationFigure, 'band'>;
  /** Deployments Argo Pulse did not watch settle (`unknown`), or still settling. */
  unsettled: number;
}

/**
 * The answer of `GET /insights`.
 *
 * @public
 */
export interface ArgoPulseInsightsResponse {
  /** The window: `from` and `to` (ISO), and its length. */
  window: { from: string; to: string; days: number };
  /** The environments the headline figures cover (`argoPulse.insights.productionEnvironments`). */
  productionEnvironments: string[];
  /** The headline: the production environments together. */
  production: ArgoPulseDeliveryFigures;
  /** Each environment, in rollout order. */
  environments: Array<{
    environment: string;
    figures: ArgoPulseDeliveryFigures;
  }>;
  /**
   * The production environments week by week (7-day spans ending at `to`),
   * oldest first: deployments by result, and the four keys of that week's
   * deployments (a failing streak is restored in the week its healthy
   * deployment came).
   */
  weeks: Array<{
    from: string;
    byResult: Record<string, number>;
    figures: ArgoPulseDeliveryFigures;
  }>;
  /** The entities the figures cover. */
  entityRefs: string[];
  /**
   * Each entity's own figures: for the production environments together and
   * per environment (in rollout order, only where it deployed). An
   * application shared by entities counts for each of them.
   */
  entities: ArgoPulseEntityDelivery[];
}

/**
 * One entity's delivery figures in `GET /insights`.
 *
 * @public
 */
export interface ArgoPulseEntityDelivery {
  /** The entity's reference in its full form, such as `component:default/payments-api`. */
  entityRef: string;
  /** Its production environments together. */
  production: ArgoPulseDeliveryFigures;
  /** Each environment it deployed to, in rollout order. */
  environments: Array<{
    environment: string;
    figures: ArgoPulseDeliveryFigures;
  }>;
}
