import { secretRedactor } from './redactSecrets';

describe('secretRedactor', () => {
  it('removes the token wherever it appears, and every line of a multi-line one', () => {
    const redact = secretRedactor({
      credentials: {
        kind: 'token',
        token: 'eyJhbGciOiJIUzI1NiJ9\neyJzdWIiOiJhcmdvIn0.sig',
      },
    });
    expect(
      redact(
        'Headers.append: "Bearer eyJhbGciOiJIUzI1NiJ9\neyJzdWIiOiJhcmdvIn0.sig" is an invalid header value',
      ),
    ).toBe('Headers.append: "Bearer ***" is an invalid header value');
    expect(redact('rejected eyJzdWIiOiJhcmdvIn0.sig')).toBe('rejected ***');
  });

  it('removes a password and any URL userinfo', () => {
    const redact = secretRedactor({
      credentials: { kind: 'login', username: 'admin', password: 'hunter2-pw' },
    });
    expect(
      redact(
        'login failed for admin with hunter2-pw at https://admin:other@argocd.example.com/api',
      ),
    ).toBe(
      'login failed for admin with *** at https://***@argocd.example.com/api',
    );
  });

  it('removes URL userinfo whose password holds a slash', () => {
    const redact = secretRedactor({
      credentials: { kind: 'token', token: 'a-token-1234' },
    });
    expect(
      redact('GET https://admin:pa/ss-w0rd@argocd.example.com/api failed'),
    ).toBe('GET https://***@argocd.example.com/api failed');
  });

  it('leaves texts without secrets alone, and ignores secrets too short to search for', () => {
    expect(
      secretRedactor({ credentials: { kind: 'token', token: 'abc' } })(
        'cannot connect (ECONNREFUSED) abc',
      ),
    ).toBe('cannot connect (ECONNREFUSED) abc');
  });
});
