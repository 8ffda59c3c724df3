// The portal-wide feed of `GET /deployments`: deployments and expectations
// of every entity the caller may read, newest first.
import type { ArgoPulseExpectation } from './expectations';
import type { ArgoPulseDeployment } from './types';

/**
 * A row of the portal-wide feed: a deployment (a successful sync or a
 * failed operation) or an expectation CI posted, with the catalog entity it
 * is shown under (an application that two entities select is listed under
 * each). Entity refs are `kind:namespace/name` in lower case.
 *
 * @public
 */
export type ArgoPulseFeedItem =
  | { type: 'deployment'; entityRef: string; deployment: ArgoPulseDeployment }
  | {
      type: 'expectation';
      entityRef: string;
      expectation: ArgoPulseExpectation;
    };

/**
 * The answer of `GET /deployments`: one page of the feed, newest first (a
 * deployment when it finished, an expectation when it was posted).
 *
 * @public
 */
export interface PortalDeploymentsResponse {
  /** The rows of this page, newest first. */
  items: ArgoPulseFeedItem[];
  /** Pass as `offset` for the next page; absent on the last page. */
  nextOffset?: number;
}
