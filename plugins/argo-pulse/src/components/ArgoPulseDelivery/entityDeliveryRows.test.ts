import { insights } from '../../testing/fixtures';
import { environmentCell, sortEntities } from './entityDeliveryRows';

const { entities } = insights();
const names = (sorted: typeof entities) =>
  sorted.map(e => e.entityRef.split('/')[1]);

describe('sortEntities', () => {
  it.each([
    ['entity', 'asc', ['ledger', 'payments-api']],
    ['entity', 'desc', ['payments-api', 'ledger']],
    ['frequency', 'desc', ['payments-api', 'ledger']],
    ['frequency', 'asc', ['ledger', 'payments-api']],
    // ledger has no lead time, failure rate or restore: last either way.
    ['leadTime', 'asc', ['payments-api', 'ledger']],
    ['changeFailureRate', 'desc', ['payments-api', 'ledger']],
    ['changeFailureRate', 'asc', ['payments-api', 'ledger']],
    ['timeToRestore', 'desc', ['payments-api', 'ledger']],
  ] as const)('by %s %s', (key, direction, expected) => {
    expect(names(sortEntities(entities, { key, direction }))).toEqual(expected);
  });
});

describe('environmentCell', () => {
  it('says how many deployments and how many failed; a dash where none', () => {
    expect(environmentCell(entities[0].production)).toBe(
      '13 deployments, 2 failed',
    );
    expect(environmentCell(entities[1].production)).toBe('1 deployment');
    expect(environmentCell(undefined)).toBe('—');
  });
});
