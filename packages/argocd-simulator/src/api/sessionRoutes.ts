import express, { Router } from 'express';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';
import type { SessionStore } from './SessionStore';
import { sendArgoError } from './argoErrors';

/** `POST /api/v1/session`: log in with a local account. */
export function sessionRoutes(
  sessions: SessionStore,
  options: { loginFailureDelayMs: number },
): Router {
  const router = Router();
  router.post('/api/v1/session', express.json(), (req, res) => {
    const { username, password } = (req.body ?? {}) as {
      username?: unknown;
      password?: unknown;
    };
    if (
      typeof username !== 'string' ||
      typeof password !== 'string' ||
      !username ||
      !password
    ) {
      sendArgoError(
        res,
        ArgoCdErrorCode.Unauthenticated,
        'no credentials supplied',
      );
      return;
    }
    if (Buffer.byteLength(username) > 32) {
      sendArgoError(
        res,
        ArgoCdErrorCode.InvalidArgument,
        'Username is too long (32 bytes max)',
      );
      return;
    }
    const token = sessions.login(username, password);
    if (!token) {
      // Argo CD slows failed logins down to blunt password guessing.
      setTimeout(
        () =>
          sendArgoError(
            res,
            ArgoCdErrorCode.Unauthenticated,
            'Invalid username or password',
          ),
        options.loginFailureDelayMs,
      ).unref();
      return;
    }
    res.cookie('argocd.token', token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
    });
    res.json({ token });
  });
  return router;
}
