import { createHash } from 'node:crypto';

/**
 * Deterministic identifiers: the same scenario always yields the same uids
 * and commit SHAs, so tests and screenshots are repeatable.
 */
export function sha1Hex(...parts: Array<string | number>): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/** A Kubernetes-style uid (UUID layout) derived from the given parts. */
export function uidFor(...parts: Array<string | number>): string {
  const h = sha1Hex(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** Formats a time as Kubernetes does (RFC 3339, whole seconds, UTC). */
export function k8sTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Like `sha1Hex`, 64 hex characters: the hex of an OCI manifest digest. */
export function sha256Hex(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
