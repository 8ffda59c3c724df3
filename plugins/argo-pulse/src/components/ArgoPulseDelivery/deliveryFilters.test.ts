import {
  deliveryFiltersFromSearch,
  insightsQueryFromFilters,
  searchFromDeliveryFilters,
} from './deliveryFilters';

describe('the Delivery filters', () => {
  it('round-trip through the URL, keeping only what is set', () => {
    const search = new URLSearchParams(
      'mine=true&owner=group:default/a,group:default/b&window=7d',
    );
    const state = deliveryFiltersFromSearch(search);
    expect(state).toEqual({
      mine: true,
      owner: 'group:default/a,group:default/b',
      system: '',
      window: '7d',
    });
    expect(searchFromDeliveryFilters(state).toString()).toBe(
      'mine=true&owner=group%3Adefault%2Fa%2Cgroup%3Adefault%2Fb&window=7d',
    );
    expect(insightsQueryFromFilters(state)).toEqual({
      owner: ['me', 'group:default/a', 'group:default/b'],
      window: '7d',
    });
  });

  it('an unknown window is the default 30 days, which the URL leaves out', () => {
    const state = deliveryFiltersFromSearch(
      new URLSearchParams('window=1y&system=system:default/payments'),
    );
    expect(state.window).toBe('30d');
    expect(searchFromDeliveryFilters(state).toString()).toBe(
      'system=system%3Adefault%2Fpayments',
    );
    expect(insightsQueryFromFilters(state)).toEqual({
      system: ['system:default/payments'],
      window: '30d',
    });
  });
});
