/** One unit of a Go duration string, in seconds. */
const UNIT_SECONDS: Record<string, number> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/**
 * A pause step's duration in seconds: Argo Rollouts takes a number of
 * seconds or a Go duration string (`30s`, `5m`, `1h30m`). Undefined when it
 * is neither, so a pause with a duration we cannot read shows no end time
 * rather than a wrong one.
 */
export function durationSeconds(
  value: string | number | undefined,
): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value : undefined;
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== value)
    return undefined;
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * UNIT_SECONDS[unit],
    0,
  );
}
