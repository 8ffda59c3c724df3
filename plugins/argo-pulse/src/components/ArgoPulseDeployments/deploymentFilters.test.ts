import {
  filtersFromSearch,
  queryFromFilters,
  searchFromFilters,
} from './deploymentFilters';

describe('the deployments filters in the URL', () => {
  it('round-trips through the search parameters, keeping only what is set', () => {
    const search = new URLSearchParams(
      'mine=true&kind=component&outcome=pending&type=expectation&since=7d&page=2&instance=prod',
    );
    const state = filtersFromSearch(search);
    expect(state).toEqual({
      mine: true,
      owner: '',
      entity: '',
      kind: 'component',
      system: '',
      instance: 'prod',
      outcome: 'pending',
      type: 'expectation',
      result: '',
      since: '7d',
      page: 2,
    });
    expect(searchFromFilters(state).toString()).toBe(
      'mine=true&kind=component&instance=prod&outcome=pending&type=expectation&since=7d&page=2',
    );
  });

  it('ignores what it does not know', () => {
    expect(
      filtersFromSearch(
        new URLSearchParams(
          'outcome=superb&type=commit&result=fine&since=forever&page=-3',
        ),
      ),
    ).toMatchObject({ outcome: '', type: '', result: '', since: '', page: 0 });
  });

  it('asks for degraded and failed deployments as "Degraded or failed", one result as itself', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    const problems = filtersFromSearch(new URLSearchParams('result=problem'));
    expect(searchFromFilters(problems).toString()).toBe('result=problem');
    expect(queryFromFilters(problems, 25, now)).toEqual({
      result: ['degraded', 'failed'],
      limit: 25,
      offset: 0,
    });
    expect(
      queryFromFilters(
        filtersFromSearch(new URLSearchParams('result=healthy')),
        25,
        now,
      ).result,
    ).toEqual(['healthy']);
  });

  it('makes the backend query: "owned by me" as owner=me, lists split on commas, the time window from now', () => {
    const now = Date.parse('2026-11-30T12:00:00.000Z');
    const state = filtersFromSearch(
      new URLSearchParams(
        'mine=true&owner=group:default/team-a, group:default/team-b&since=24h&page=1',
      ),
    );
    expect(queryFromFilters(state, 25, now)).toEqual({
      owner: ['me', 'group:default/team-a', 'group:default/team-b'],
      from: '2026-11-29T12:00:00.000Z',
      limit: 25,
      offset: 25,
    });
  });
});
