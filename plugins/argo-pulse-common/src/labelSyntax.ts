// Kubernetes' rules for label keys and values. Kept apart from the selector
// parser because they are a vocabulary, not a grammar: the parser decides
// where a key or a value stands, these rules decide whether it is well formed.
// Checking them locally means a selector that Argo CD would refuse with a 400
// is reported on the entity page instead of silently matching nothing.

const NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME_LENGTH = 63;
const MAX_PREFIX_LENGTH = 253;

/**
 * Why `key` is not a valid label key (an optional DNS-subdomain prefix and
 * `/`, then a name of at most 63 characters), or `undefined` when it is.
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (
      prefix.length === 0 ||
      prefix.length > MAX_PREFIX_LENGTH ||
      !DNS_SUBDOMAIN.test(prefix)
    ) {
      return `label key "${key}" has an invalid prefix "${prefix}" (expected a lowercase DNS subdomain)`;
    }
    if (name.includes('/')) {
      return `label key "${key}" has more than one '/'`;
    }
  }
  if (name.length === 0) {
    return `label key "${key}" has an empty name`;
  }
  if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    return `label key "${key}" is not a valid name (at most ${MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
  }
  return undefined;
}

/**
 * Why `value` is not a valid label value (empty, or a name of at most 63
 * characters), or `undefined` when it is.
 */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (value.length > MAX_NAME_LENGTH || !NAME.test(value)) {
    return `label value "${value}" is not valid (at most ${MAX_NAME_LENGTH} letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
  }
  return undefined;
}
