import type { ArgoPulseRollout } from '@argo-pulse/backstage-plugin-common';
import { ImageTags } from '../ImageTag';
import { changedImages } from './rolloutState';

/** What each side of a strategy is called: a canary replaces the stable version; blue-green previews beside the active one. */
const SIDES = {
  canary: { from: 'stable', to: 'canary' },
  blueGreen: { from: 'active', to: 'preview' },
} as const;

/**
 * "stable payments-api:1.8.0 → canary payments-api:1.9.0", or for blue-green
 * "active … / preview …"; nothing when the Rollout changes no image. Tags
 * never break, the line breaks between them.
 */
export function RolloutImages(props: { rollout: ArgoPulseRollout }) {
  const { from, to } = changedImages(props.rollout);
  if (!from.length && !to.length) return null;
  const sides = SIDES[props.rollout.strategy];
  const separator = props.rollout.strategy === 'canary' ? ' → ' : ' / ';
  return (
    <div data-testid="argo-pulse-rollout-images">
      {sides.from} <ImageTags images={from} />
      {separator}
      {sides.to} <ImageTags images={to} />
    </div>
  );
}
