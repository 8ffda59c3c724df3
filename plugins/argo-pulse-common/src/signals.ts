/**
 * Live updates: the backend tells open pages that something they show
 * changed, over Backstage's signals (`@backstage/plugin-signals-node` and
 * `-react`), so a card re-reads within a second instead of on a timer.
 *
 * A signal goes only to the signed-in users who recently read the entity it
 * concerns (never broadcast), and names entities only, as short hashes that a
 * page compares with the hash of the entity it shows. A collision only costs
 * a page one extra read.
 */

/**
 * The one channel Argo Pulse signals on.
 *
 * @public
 */
export const ARGO_PULSE_SIGNAL_CHANNEL = 'argo-pulse';

/**
 * The reference under which readers of the portal-wide pages (deployments,
 * rollouts) are signalled, as if it were an entity: those pages show every
 * entity their reader may see, so any change concerns them. It names no real
 * entity (a full entity reference has a `/`).
 *
 * @public
 */
export const ARGO_PULSE_PORTAL_SIGNAL_REF = 'argo-pulse:portal';

/**
 * What changed: the entities (as {@link entitySignalKey} hashes) whose
 * applications, expectations or instances changed, among those the
 * recipient recently read.
 *
 * @public
 */
export interface ArgoPulseSignal {
  /** Hashes of the entities whose applications, expectations or instances changed. */
  entities?: string[];
  /** Signals are JSON objects: this index signature keeps the type assignable to `JsonObject`. */
  [key: string]: string[] | undefined;
}

/** FNV-1a, 32 bits: short and the same in Node and the browser, without a crypto API. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * An entity's key in signals, from its full reference (`component:default/payments-api`).
 *
 * @public
 */
export function entitySignalKey(entityRef: string): string {
  return hash(entityRef.toLocaleLowerCase('en-US'));
}
