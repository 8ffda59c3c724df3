import {
  ArgoPulseEntityTarget,
  compileLabelSelector,
  LabelSelector,
  parseLabelSelector,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationIndexEntry } from '../database/types';

/** Where each value stands in a list of applications, by name or by one label's value. */
type Positions = Map<string, number[]>;

/**
 * Indexes of each list of applications, built the first time a target needs
 * them and kept as long as the list is (the store hands out the same list
 * until applications are written again).
 */
const indexes = new WeakMap<ApplicationIndexEntry[], Map<string, Positions>>();

function positions(
  apps: ApplicationIndexEntry[],
  by: string,
  valueOf: (app: ApplicationIndexEntry) => string | undefined,
): Positions {
  let ofList = indexes.get(apps);
  if (!ofList) indexes.set(apps, (ofList = new Map()));
  let found = ofList.get(by);
  if (!found) {
    found = new Map();
    for (const [position, app] of apps.entries()) {
      const value = valueOf(app);
      if (value === undefined) continue;
      const list = found.get(value);
      if (list) list.push(position);
      else found.set(value, [position]);
    }
    ofList.set(by, found);
  }
  return found;
}

/** Selectors read so far, by their text: each is parsed and compiled once. */
const selectors = new Map<
  string,
  { parsed: LabelSelector; test: ReturnType<typeof compileLabelSelector> }
>();
const SELECTORS = 20_000;

function selector(text: string) {
  let found = selectors.get(text);
  if (!found) {
    const parsed = parseLabelSelector(text);
    found = { parsed, test: compileLabelSelector(parsed) };
    selectors.set(text, found);
    if (selectors.size > SELECTORS)
      selectors.delete(selectors.keys().next().value!);
  }
  return found;
}

/**
 * Whether a target selects an application, by what the annotations say of
 * it: its name or labels, project, namespace and, when they name instances,
 * its instance.
 */
export function targetSelects(
  target: ArgoPulseEntityTarget,
): (app: ApplicationIndexEntry) => boolean {
  const test = target.appSelector
    ? selector(target.appSelector).test
    : undefined;
  const names = target.appNames ? new Set(target.appNames) : undefined;
  return app =>
    (!names || names.has(app.name)) &&
    (!test || test(app.labels)) &&
    (!target.instances || target.instances.includes(app.instance)) &&
    (!target.project || app.project === target.project) &&
    (!target.namespace || app.namespace === target.namespace);
}

/**
 * The applications of `apps` a target selects, in their order. Only those
 * that can match are tested: the named ones, or those carrying a value an
 * `=` or `in` requirement of the selector asks for (looked up in an index of
 * the list), so an entity among tens of thousands of applications costs a
 * few lookups rather than a pass over all of them.
 */
export function selectApplications(
  target: ArgoPulseEntityTarget,
  apps: ApplicationIndexEntry[],
): ApplicationIndexEntry[] {
  const selects = targetSelects(target);
  let found: number[] | undefined;
  if (target.appNames) {
    const byName = positions(apps, 'name', app => app.name);
    found = [...new Set(target.appNames)].flatMap(n => byName.get(n) ?? []);
  } else if (target.appSelector) {
    const required = selector(target.appSelector).parsed.requirements.find(
      r => r.operator === 'Equals' || r.operator === 'In',
    );
    if (required) {
      const byValue = positions(apps, `label:${required.key}`, app =>
        app.labels && Object.hasOwn(app.labels, required.key)
          ? app.labels[required.key]
          : undefined,
      );
      found = required.values.flatMap(v => byValue.get(v) ?? []);
    }
  }
  if (!found) return apps.filter(selects);
  return [...new Set(found)]
    .sort((a, b) => a - b)
    .map(position => apps[position])
    .filter(selects);
}
