import { EmptyState, Progress } from '@backstage/core-components';
import type { EntityApplicationsResponse } from '@argo-pulse/backstage-plugin-common';
import type { ReactElement } from 'react';
import { LoadError } from './LoadError';

/**
 * What a view of an entity's applications shows until it has some to list:
 * progress (also while `waiting` for anything else), why they could not be
 * read, or why there are none. `undefined` once there are applications.
 */
export function applicationsPlaceholder(
  live: {
    loading: boolean;
    error?: Error;
    value?: Pick<
      EntityApplicationsResponse,
      'applications' | 'entityRef' | 'problem'
    >;
  },
  waiting = false,
): ReactElement | null | undefined {
  const { value } = live;
  if (live.loading || waiting) return <Progress />;
  if (live.error)
    return (
      <LoadError
        error={live.error}
        what="this service's Argo CD applications"
      />
    );
  if (!value) return null;
  if (value.applications.length > 0) return undefined;
  return (
    <EmptyState
      missing="data"
      title="No Argo CD applications"
      description={
        value.problem ??
        `The Argo CD annotations of ${value.entityRef} match no application that Argo Pulse has seen.`
      }
    />
  );
}
