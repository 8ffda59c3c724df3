// The secrets sweep: no configured credential may appear in anything the backend wrote or
// answered. Each fault test calls it on its own backends at its end.
import { TEST_TOKEN, TEST_USER } from '@argo-pulse/argocd-simulator/testing';
import { BackendProcess, CI_TOKEN } from './backendProcess';

/** Asserts that none of `secrets` (nor any line of a multi-line one) occurs in the texts. */
export function expectNoSecrets(texts: string[], secrets: string[]): void {
  const needles = secrets
    .flatMap(secret => [secret, ...secret.split(/\r?\n/)])
    .filter(needle => needle.length >= 6);
  for (const needle of new Set(needles)) {
    const leaks = texts.filter(text => text.includes(needle));
    expect(
      leaks.map(text =>
        text.slice(
          Math.max(0, text.indexOf(needle) - 200),
          text.indexOf(needle) + needle.length + 50,
        ),
      ),
      `a secret leaked`,
    ).toEqual([]);
  }
}

/** No credential of the suite (the test token and password, CI's token) in what these backends wrote or answered. */
export function expectNoSuiteSecrets(...backends: BackendProcess[]): void {
  expectNoSecrets(everythingFrom(...backends), [
    TEST_TOKEN,
    TEST_USER.password,
    CI_TOKEN,
  ]);
}

/** Every log line and response body of these backends. */
export function everythingFrom(
  ...backends: Array<Pick<BackendProcess, 'log' | 'responses'>>
): string[] {
  return backends.flatMap(b => [b.log(), ...b.responses()]);
}

/** Lines that show a promise rejection nobody handled, or a crash. */
export function unhandledRejections(log: string): string[] {
  return log
    .split('\n')
    .filter(line => /unhandled ?rejection|uncaught ?exception/i.test(line));
}
