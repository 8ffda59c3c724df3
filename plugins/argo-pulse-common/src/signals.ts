/**
 * Live updates: the backend tells open pages that something they show
 * changed, over Backstage's signals (`@backstage/plugin-signals-node` and
 * `-react`), so a card re-reads within a second instead of on a timer.
 *
 * Signals are broadcast, and any signed-in user may subscribe to a channel,
 * so a signal carries no names: applications and entities travel as short
 * hashes, which a page compares with the hashes of what it shows. A
 * collision only costs a page one extra read.
 */

/**
 * The one channel Argo Pulse signals on.
 *
 * @public
 */
export const ARGO_PULSE_SIGNAL_CHANNEL = 'argo-pulse';

/**
 * What changed, as hashes ({@link applicationSignalKey}, {@link entitySignalKey}) and instance names.
 *
 * @public
 */
export interface ArgoPulseSignal {
  /** Applications whose stored state changed (sync, health, images, history, detail). */
  applications?: string[];
  /** Entities whose expectations changed (posted, re-evaluated, resolved). */
  entities?: string[];
  /** Instances whose reachability changed (a poll failed, or succeeded after failing). */
  instances?: string[];
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
 * An application's key in signals.
 *
 * @public
 */
export function applicationSignalKey(app: {
  instance: string;
  namespace: string;
  name: string;
}): string {
  return hash(`${app.instance}/${app.namespace}/${app.name}`);
}

/**
 * An entity's key in signals, from its full reference (`component:default/payments-api`).
 *
 * @public
 */
export function entitySignalKey(entityRef: string): string {
  return hash(entityRef.toLocaleLowerCase('en-US'));
}
