import type { ArgoCdInstanceConfig } from './readArgoPulseConfig';

/** Secrets shorter than this are not searched for: replacing every "a" in a text would garble it, not protect anything. */
const MIN_SECRET_LENGTH = 4;

/** `scheme://user:pass/word@host` → `scheme://***@host`: up to the last "@" before a space, as a password may hold "/". */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^@\s]+@/gi;

/**
 * The one step every error text passes before it reaches a response or a
 * log: removes the instance's token, password (also a line of a multi-line
 * paste) and any URL userinfo, whatever path the text took (a header error
 * quoting the token, a proxy echoing the request).
 */
export function secretRedactor(
  instance: Pick<ArgoCdInstanceConfig, 'credentials'>,
): (text: string) => string {
  const { credentials } = instance;
  const secret =
    credentials.kind === 'token' ? credentials.token : credentials.password;
  const secrets = [
    secret,
    ...secret.split(/\r?\n/).map(line => line.trim()),
  ].filter(s => s.length >= MIN_SECRET_LENGTH);
  // Longest first, so a whole secret is replaced before any of its lines.
  const unique = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return text =>
    unique
      .reduce((redacted, s) => redacted.split(s).join('***'), text)
      .replace(URL_USERINFO, '$1***@');
}
