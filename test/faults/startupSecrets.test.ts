// Credentials an operator gets wrong at start-up: a token pasted with a line break, a URL with a
// password in it (one holding a "/" too), a token in its query string. The backend process stops, non-zero, with a message that names the key; the
// credential itself appears nowhere in what it wrote.
import { spawnBackend, sqliteDatabase } from './backendProcess';
import { expectNoSecrets } from './secretsSweep';

const TOKEN_LINE_1 = 'eyJhbGciOiJIUzI1NiJ9.pasted-first-half';
const TOKEN_LINE_2 = 'second-half-of-the-token-after-a-line-break';
const PASSWORD = 'hunter2-in-the-url-7c1e';

describe('credentials refused at start-up', () => {
  it.each([
    [
      'a token with a line break',
      {
        name: 'prod',
        url: 'http://argocd.example.com',
        token: `${TOKEN_LINE_1}\n${TOKEN_LINE_2}`,
      },
      /argoPulse\.instances\[0\]\.token/,
    ],
    [
      'a URL with a user and password',
      {
        name: 'prod',
        url: `http://admin:${PASSWORD}@argocd.example.com`,
        token: 'a-valid-token',
      },
      /argoPulse\.instances\[0\]\.url/,
    ],
    [
      'a URL whose password holds a slash',
      {
        name: 'prod',
        url: `http://admin:hunter2/${PASSWORD}@argocd.example.com`,
        token: 'a-valid-token',
      },
      /argoPulse\.instances\[0\]\.url/,
    ],
    [
      "a token in the URL's query string",
      {
        name: 'prod',
        url: `http://argocd.example.com/?token=${PASSWORD}`,
        token: 'a-valid-token',
      },
      /argoPulse\.instances\[0\]\.url/,
    ],
  ])(
    '%s: the backend exits non-zero, naming the key, never the value',
    async (_case, instance, key) => {
      const { log, exited } = spawnBackend(await sqliteDatabase(), {
        instances: [instance],
      });
      expect(await exited).not.toBe(0);
      expect(log()).toMatch(key);
      expectNoSecrets([log()], [`${TOKEN_LINE_1}\n${TOKEN_LINE_2}`, PASSWORD]);
    },
    60_000,
  );
});
