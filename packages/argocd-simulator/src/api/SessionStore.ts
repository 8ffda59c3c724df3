import { randomBytes } from 'node:crypto';
import type { RbacAction } from '../scenario/scenarioSchema';
import type { Principal } from './rbac';

/** A valid bearer token in Argo CD is a JWT: three base64url parts separated by dots. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Why a token was refused, in Argo CD's words. */
export type TokenCheck =
  | { ok: true; subject: string; principal: Principal }
  | { ok: false; message: string };

/**
 * The account and `iat` of a static token, read from its claims as Argo CD's session manager
 * does: `sub` without its `:apiKey`/`:login` capability suffix.
 */
function staticTokenClaims(token: string): {
  subject: string;
  issuedAt?: number;
} {
  try {
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
    );
    const sub = typeof claims?.sub === 'string' ? claims.sub : '';
    return {
      subject: sub.split(':')[0] || 'api-token',
      ...(typeof claims?.iat === 'number' ? { issuedAt: claims.iat } : {}),
    };
  } catch {
    return { subject: 'api-token' };
  }
}

/**
 * Local accounts, static API tokens and issued session tokens of one
 * instance. Tokens are JWT-shaped (Argo CD refuses anything else) but the
 * simulator checks them by lookup, not by signature.
 */
export class SessionStore {
  private readonly sessions = new Map<
    string,
    { subject: string; issuedAt: number; expiresAt: number }
  >();
  private staticTokensRevoked = false;

  constructor(
    private readonly options: {
      instance: string;
      users: Array<{
        username: string;
        password: string;
        rbac?: RbacAction[];
      }>;
      tokens: string[];
      /** Restricted static tokens: the actions each may take (the others may do anything). */
      tokenRbac?: Record<string, RbacAction[]>;
      sessionTtlSeconds: number;
      now: () => Date;
    },
  ) {}

  /** `POST /api/v1/session`: a token for valid credentials, else undefined. */
  login(username: string, password: string): string | undefined {
    const user = this.options.users.find(
      u => u.username === username && u.password === password,
    );
    if (!user) return undefined;
    const issuedAt = Math.floor(this.options.now().getTime() / 1000);
    const expiresAt = issuedAt + this.options.sessionTtlSeconds;
    const token = [
      base64url({ alg: 'HS256', typ: 'JWT' }),
      base64url({
        iss: 'argocd',
        sub: `${username}:login`,
        iat: issuedAt,
        exp: expiresAt,
        jti: randomBytes(8).toString('hex'),
      }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    this.sessions.set(token, {
      subject: username,
      issuedAt,
      expiresAt: expiresAt * 1000,
    });
    return token;
  }

  /** Checks a bearer token as Argo CD's session manager does. */
  check(token: string | undefined): TokenCheck {
    if (!token || !looksLikeJwt(token))
      return { ok: false, message: 'no session information' };
    if (this.options.tokens.includes(token)) {
      return this.staticTokensRevoked
        ? {
            ok: false,
            message:
              'invalid session: token has invalid claims: token is expired',
          }
        : this.accept({
            ...staticTokenClaims(token),
            rbac: this.options.tokenRbac?.[token],
          });
    }
    const session = this.sessions.get(token);
    if (!session)
      return {
        ok: false,
        message: 'invalid session: token signature is invalid',
      };
    if (session.expiresAt <= this.options.now().getTime()) {
      return {
        ok: false,
        message: 'invalid session: token has invalid claims: token is expired',
      };
    }
    return this.accept({
      subject: session.subject,
      issuedAt: session.issuedAt,
      rbac: this.options.users.find(u => u.username === session.subject)?.rbac,
    });
  }

  private accept(principal: Principal): TokenCheck {
    if (!principal.rbac) delete principal.rbac;
    return { ok: true, subject: principal.subject, principal };
  }

  /** Expires every session issued so far (and, if asked, the static tokens until `restore`). */
  expire(options: { includeStaticTokens?: boolean } = {}): void {
    const now = this.options.now().getTime();
    for (const session of this.sessions.values())
      session.expiresAt = Math.min(session.expiresAt, now);
    if (options.includeStaticTokens) this.staticTokensRevoked = true;
  }

  /** Makes static tokens valid again. */
  restore(): void {
    this.staticTokensRevoked = false;
  }
}
