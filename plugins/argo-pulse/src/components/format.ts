import { DateTime, Duration } from 'luxon';

/** "5 minutes ago". */
export function ago(
  iso: string | undefined,
  now: DateTime = DateTime.now(),
): string | undefined {
  if (!iso) return undefined;
  return DateTime.fromISO(iso).toRelative({ base: now }) ?? undefined;
}

/** "2024-03-05 07:33 UTC", for tooltips beside a relative time. */
export function exactTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat(
    "yyyy-LL-dd HH:mm:ss 'UTC'",
  );
}

/** "1m 20s", "2h 5m", "45s". */
export function duration(seconds: number): string {
  const d = Duration.fromObject({
    seconds: Math.max(0, Math.round(seconds)),
  }).shiftTo('hours', 'minutes', 'seconds');
  const parts = [
    d.hours ? `${d.hours}h` : '',
    d.minutes ? `${d.minutes}m` : '',
    d.seconds || (!d.hours && !d.minutes) ? `${d.seconds}s` : '',
  ];
  return parts.filter(Boolean).slice(0, 2).join(' ');
}

/** "1.4 a day", "3 a week", "1 a month": a rate people read. */
export function rate(perDay: number): string {
  const round = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));
  if (perDay >= 1) return `${round(perDay)} a day`;
  if (perDay * 7 >= 1) return `${round(perDay * 7)} a week`;
  if (perDay === 0) return 'none';
  return `${round(perDay * 30)} a month`;
}

/**
 * A commit SHA shortened as git does, an OCI digest to `sha256:` and seven hex characters;
 * chart versions and tags stay whole.
 */
export function shortRevision(revision: string): string {
  if (/^sha256:[0-9a-f]{64}$/.test(revision)) return revision.slice(0, 14);
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}

/**
 * The web page of a commit, for the hosts whose URL scheme is known
 * (GitHub, GitLab, Bitbucket); undefined otherwise, or for a chart version.
 */
export function commitUrl(
  repoURL: string,
  revision: string,
): string | undefined {
  if (!/^[0-9a-f]{7,40}$/.test(revision)) return undefined;
  const match = /^(?:https:\/\/|git@)([^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(
    repoURL,
  );
  if (!match) return undefined;
  const [, host, path] = match;
  if (host === 'github.com' || host.startsWith('github.'))
    return `https://${host}/${path}/commit/${revision}`;
  if (host === 'gitlab.com' || host.startsWith('gitlab.'))
    return `https://${host}/${path}/-/commit/${revision}`;
  if (host === 'bitbucket.org')
    return `https://${host}/${path}/commits/${revision}`;
  return undefined;
}
