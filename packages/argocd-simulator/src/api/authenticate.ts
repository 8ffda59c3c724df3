import type { Request, RequestHandler, Response } from 'express';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';
import type { SessionStore } from './SessionStore';
import { sendArgoError } from './argoErrors';
import type { Principal } from './rbac';

/** The token from `Authorization: Bearer …` or the `argocd.token` cookie, as the Argo CD UI sends it. */
function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer '))
    return header.slice('Bearer '.length).trim();
  const cookie = req.headers.cookie
    ?.split(';')
    .map(part => part.trim())
    .find(part => part.startsWith('argocd.token='));
  return cookie?.slice('argocd.token='.length);
}

/** The caller `authenticate` let through. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** Refuses requests without a valid token, with Argo CD's 401 bodies (code 16). */
export function authenticate(sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    const check = sessions.check(tokenOf(req));
    if (!check.ok) {
      sendArgoError(res, ArgoCdErrorCode.Unauthenticated, check.message);
      return;
    }
    res.locals.subject = check.subject;
    res.locals.principal = check.principal;
    next();
  };
}
