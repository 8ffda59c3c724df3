import type { ArgoCdRevisionMetadata } from '@argo-pulse/backstage-plugin-common';
import { sha1Hex } from './ids';

const AUTHORS = [
  'Ada Lovelace <ada@acme.example>',
  'Grace Hopper <grace@acme.example>',
  'Linus Torvalds <linus@acme.example>',
  'Margaret Hamilton <margaret@acme.example>',
];

/** One of the scenario's authors, picked by the leading hex of a revision (deterministic). */
export function authorFor(hex: string): string {
  return AUTHORS[parseInt(hex.slice(0, 4), 16) % AUTHORS.length];
}

/** A new git commit SHA for an application's source, unique per counter. */
export function nextGitRevision(
  instance: string,
  appName: string,
  sourceIndex: number,
  counter: number,
): string {
  return sha1Hex('commit', instance, appName, sourceIndex, counter);
}

/** Commit metadata as Argo CD's repo server reports it for a git revision. */
export function commitMetadata(options: {
  revision: string;
  date: string;
  images: string[];
  author?: string;
  message?: string;
}): ArgoCdRevisionMetadata {
  const { revision, date, images } = options;
  const author = options.author ?? authorFor(revision);
  return {
    author,
    date,
    message: options.message ?? `chore(deploy): roll out ${images.join(', ')}`,
    tags: [],
  };
}

/** The commit the source hydrator writes for a dry commit (deterministic: one per dry SHA). */
export function hydratedRevisionFor(
  instance: string,
  appName: string,
  drySHA: string,
): string {
  return sha1Hex('hydrated', instance, appName, drySHA);
}

/** Who commits hydrated manifests: Argo CD's commit server. */
export const HYDRATOR_AUTHOR = 'Argo CD <argo-cd@argoproj.io>';

/** The hydrated commit's message, as Argo CD's default template writes it: the dry SHA and subject. */
export function hydratedCommitMessage(drySHA: string, dryMessage = ''): string {
  const subject = dryMessage.split('\n')[0];
  return `${drySHA.slice(0, 7)}: ${subject}`;
}
