import type { Request } from 'express';
import {
  LabelSelector,
  parseLabelSelector,
  matchesLabelSelector,
} from '@argo-pulse/backstage-plugin-common';
import type { SimApplication } from '../model/SimApplication';

/** The filters `GET /api/v1/applications` and the watch stream take. */
export interface ApplicationQuery {
  name?: string;
  projects: string[];
  selector?: LabelSelector;
  repo?: string;
  appNamespace?: string;
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function first(value: unknown): string | undefined {
  return strings(value)[0];
}

/** Git URLs are compared as Argo CD normalizes them: case-insensitive, without `.git` or a trailing slash. */
function normalizeRepo(url: string): string {
  return url
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/**
 * Reads the filters from the query string. `projects` and `project` may
 * repeat. Throws for a selector that does not parse, with Argo CD's wording.
 */
export function readApplicationQuery(req: Request): ApplicationQuery {
  const selectorText = first(req.query.selector);
  let selector: LabelSelector | undefined;
  if (selectorText) {
    try {
      selector = parseLabelSelector(selectorText);
    } catch (error) {
      throw new Error(
        `error parsing the selector: ${(error as Error).message}`,
      );
    }
  }
  return {
    name: first(req.query.name),
    projects: [...strings(req.query.projects), ...strings(req.query.project)],
    selector,
    repo: first(req.query.repo),
    appNamespace: first(req.query.appNamespace),
  };
}

/** Whether an application passes the filters. */
export function matchesQuery(
  app: SimApplication,
  query: ApplicationQuery,
): boolean {
  const { metadata, spec } = app.doc;
  if (query.name && metadata.name !== query.name) return false;
  if (query.projects.length && !query.projects.includes(spec.project!))
    return false;
  if (query.appNamespace && metadata.namespace !== query.appNamespace)
    return false;
  if (query.selector && !matchesLabelSelector(query.selector, metadata.labels))
    return false;
  if (query.repo) {
    const wanted = normalizeRepo(query.repo);
    const sources = spec.sources ?? (spec.source ? [spec.source] : []);
    if (!sources.some(source => normalizeRepo(source.repoURL ?? '') === wanted))
      return false;
  }
  return true;
}
