import type {
  ArgoPulseDeliveryFigures,
  ArgoPulseEntityDelivery,
} from '@argo-pulse/backstage-plugin-common';
import { duration, rate } from '../format';

/** What the per-entity table can be sorted by. */
export type DeliverySortKey =
  | 'entity'
  | 'frequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'timeToRestore';

export interface DeliverySort {
  key: DeliverySortKey;
  direction: 'asc' | 'desc';
}

/** A figure's value to sort by; undefined (no sample) sorts last either way. */
function sortValue(
  f: ArgoPulseDeliveryFigures,
  key: Exclude<DeliverySortKey, 'entity'>,
): number | undefined {
  switch (key) {
    case 'frequency':
      return f.frequency.perDay;
    case 'leadTime':
      return f.leadTime?.medianSeconds;
    case 'changeFailureRate':
      return f.changeFailureRate?.rate;
    default:
      return f.timeToRestore?.medianSeconds;
  }
}

/** The entities in the chosen order; ties (and entities without a figure, last) by name. */
export function sortEntities(
  entities: ArgoPulseEntityDelivery[],
  sort: DeliverySort,
): ArgoPulseEntityDelivery[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: ArgoPulseEntityDelivery, b: ArgoPulseEntityDelivery) =>
    a.entityRef.localeCompare(b.entityRef);
  return [...entities].sort((a, b) => {
    if (sort.key === 'entity') return sign * byName(a, b);
    const x = sortValue(a.production, sort.key);
    const y = sortValue(b.production, sort.key);
    if (x === undefined || y === undefined)
      return (
        (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || byName(a, b)
      );
    return sign * (x - y) || byName(a, b);
  });
}

/** A figure in a table cell: its value, and its band where DORA draws one. */
export function figureCells(f: ArgoPulseDeliveryFigures) {
  return {
    frequency: `${rate(f.frequency.perDay)} (${f.frequency.band})`,
    leadTime: f.leadTime
      ? `${duration(f.leadTime.medianSeconds)} (${f.leadTime.band})`
      : '—',
    changeFailureRate: f.changeFailureRate
      ? `${Math.round(f.changeFailureRate.rate * 100)} % (${
          f.changeFailureRate.band
        })`
      : '—',
    timeToRestore: f.timeToRestore
      ? `${duration(f.timeToRestore.medianSeconds)} (${f.timeToRestore.band})`
      : '—',
  };
}

/** An environment's cell: how many deployments, and how many failed. */
export function environmentCell(f: ArgoPulseDeliveryFigures | undefined) {
  if (!f) return '—';
  const total = f.deployments + f.failedSyncs;
  const failures = f.changeFailureRate?.failures ?? 0;
  return `${total} deployment${total === 1 ? '' : 's'}${
    failures ? `, ${failures} failed` : ''
  }`;
}
