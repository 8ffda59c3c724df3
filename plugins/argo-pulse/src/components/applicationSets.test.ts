import type {
  ArgoPulseApplicationOverview,
  ArgoPulseApplicationSet,
} from '@argo-pulse/backstage-plugin-common';
import {
  application,
  applicationSet,
  generatedApplication,
} from '../testing/fixtures';
import type { ApplicationEntry } from './applicationSets';
import {
  generatedBy,
  groupByApplicationSet,
  rollingSyncWords,
  stepWords,
} from './applicationSets';

/** Entries as text: a single application by name, a group as `set@instance[names]`. */
function shape(
  entries: ApplicationEntry<{ app: ArgoPulseApplicationOverview }>[],
) {
  return entries.map(entry =>
    entry.kind === 'application'
      ? entry.row.app.name
      : `${entry.name}@${entry.instance}[${entry.rows
          .map(r => r.app.name)
          .join(',')}]${entry.set ? '' : ' (not read)'}`,
  );
}

describe('groupByApplicationSet', () => {
  it('groups by ApplicationSet name and instance, each group where its first application was, order kept within', () => {
    const rows = [
      application({ name: 'payments-api-prod' }),
      generatedApplication('inventory-eu'),
      generatedApplication('inventory-staging', { instance: 'staging' }),
      application({ name: 'ledger-prod' }),
      generatedApplication('inventory-us'),
      generatedApplication('search-prod', { applicationSet: 'search' }),
    ].map(app => ({ app }));
    expect(shape(groupByApplicationSet(rows, [applicationSet()]))).toEqual([
      'payments-api-prod',
      'inventory@prod[inventory-eu,inventory-us]',
      'inventory@staging[inventory-staging] (not read)',
      'ledger-prod',
      'search@prod[search-prod] (not read)',
    ]);
  });

  it('leaves applications no ApplicationSet generated single and in order', () => {
    const rows = ['a', 'b', 'c'].map(name => ({ app: application({ name }) }));
    expect(shape(groupByApplicationSet(rows))).toEqual(['a', 'b', 'c']);
  });

  it("prefers the ApplicationSet in the application's namespace when two share a name", () => {
    const elsewhere = applicationSet({ namespace: 'team-a', steps: 5 });
    const [entry] = groupByApplicationSet(
      [{ app: generatedApplication('inventory-us') }],
      [elsewhere, applicationSet()],
    );
    expect(entry.kind === 'applicationSet' && entry.set?.namespace).toBe(
      'argocd',
    );
  });
});

describe('rollingSyncWords', () => {
  const set = (
    steps: number | undefined,
    ...statuses: Array<[number | undefined, string | undefined]>
  ): ArgoPulseApplicationSet =>
    applicationSet({
      steps,
      applications: statuses.map(([step, status], i) => ({
        name: `app-${i}`,
        step,
        status,
      })),
    });

  it.each([
    [
      'the lowest step not all Healthy',
      set(2, [1, 'Progressing'], [2, 'Waiting']),
      'rolling sync: step 1 of 2',
    ],
    [
      'a step with one Healthy and one Pending application',
      set(2, [1, 'Healthy'], [1, 'Pending'], [2, 'Waiting']),
      'rolling sync: step 1 of 2',
    ],
    [
      'the next step once the first is Healthy',
      set(3, [1, 'Healthy'], [2, 'Progressing'], [3, 'Waiting']),
      'rolling sync: step 2 of 3',
    ],
    [
      'done when every step is Healthy',
      set(2, [1, 'Healthy'], [2, 'Healthy']),
      'rolling sync: done (2 steps)',
    ],
    ['done, one step', set(1, [1, 'Healthy']), 'rolling sync: done (1 step)'],
    [
      'an application without a step does not count',
      set(2, [undefined, 'Progressing'], [1, 'Healthy'], [2, 'Waiting']),
      'rolling sync: step 2 of 2',
    ],
    ['nothing for a set that syncs all at once', set(undefined), undefined],
  ])('%s', (_name, given, words) => {
    expect(rollingSyncWords(given)).toBe(words);
  });
});

describe('generatedBy', () => {
  it.each([
    [
      'step and status from its ApplicationSet',
      generatedApplication('inventory-eu'),
      [applicationSet()],
      'inventory: step 2 · Waiting',
    ],
    [
      'the name only when the backend sent no ApplicationSet for it',
      generatedApplication('inventory-eu'),
      undefined,
      'inventory: ',
    ],
    [
      'the name only when its ApplicationSet does not list it',
      generatedApplication('inventory-ap'),
      [applicationSet()],
      'inventory: ',
    ],
    [
      'not one of the same name on another instance',
      generatedApplication('inventory-eu', { instance: 'staging' }),
      [applicationSet()],
      'inventory: ',
    ],
  ])('%s', (_name, app, sets, words) => {
    const generated = generatedBy(app, sets);
    expect(
      generated && `${generated.applicationSet}: ${stepWords(generated)}`,
    ).toBe(words);
  });

  it('nothing for an application no ApplicationSet generated', () => {
    expect(generatedBy(application(), [applicationSet()])).toBeUndefined();
  });
});
