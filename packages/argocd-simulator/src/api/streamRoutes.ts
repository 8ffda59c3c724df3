import { Router } from 'express';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import type { ApplicationChange } from '../model/InstanceState';
import { sendArgoError } from './argoErrors';
import {
  ApplicationQuery,
  matchesQuery,
  readApplicationQuery,
} from './applicationQuery';
import { filterFields, parseFieldSelection } from './fieldSelection';
import { principalOf } from './authenticate';
import { allows } from './rbac';

/**
 * `GET /api/v1/stream/applications`: Argo CD's watch. With
 * `Accept: text/event-stream` each message is framed as
 * `data: {json} \n\n` (with Argo CD's stray space) followed by
 * grpc-gateway's `\n` delimiter, and a `:` keepalive line comes on a timer;
 * otherwise messages are newline-delimited JSON. Initial ADDED events come
 * only without a resourceVersion (or for a named application); a message
 * identical to the last one sent for the same application is not sent.
 */
export function streamRoutes(
  instance: SimulatedInstance,
  options: { keepaliveMs: number },
): Router {
  const router = Router();
  router.get('/api/v1/stream/applications', (req, res) => {
    let query: ApplicationQuery;
    try {
      query = readApplicationQuery(req);
    } catch (error) {
      sendArgoError(res, ArgoCdErrorCode.Unknown, (error as Error).message);
      return;
    }
    // Unlike the list, the watch matches a named application in the
    // controller's namespace unless another one is given.
    if (query.name && !query.appNamespace)
      query.appNamespace = instance.state.controllerNamespace;
    const sse = req.headers.accept === 'text/event-stream';
    const selection = parseFieldSelection(req.query.fields);
    const resourceVersion =
      typeof req.query.resourceVersion === 'string'
        ? req.query.resourceVersion
        : '';
    const minVersion = Number.parseInt(resourceVersion, 10) || 0;
    const lastSent = new Map<string, string>();

    res.status(200);
    res.setHeader(
      'Content-Type',
      sse ? 'text/event-stream' : 'application/json',
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.flushHeaders();

    const silent = () => instance.faults.current.silentStreams;
    const send = (change: ApplicationChange) => {
      const { app } = change;
      if (silent()) return;
      if (!matchesQuery(app, query) || !allows(principalOf(res), 'get')) return;
      if (Number(app.doc.metadata.resourceVersion) < minVersion) return;
      const message = { result: { type: change.type, application: app.doc } };
      let data = JSON.stringify(
        selection ? filterFields(message, selection) : message,
      );
      const key = app.doc.metadata.name!;
      if (lastSent.get(key) === data) return;
      lastSent.set(key, data);
      if (res.locals.malformedJson)
        data = data.slice(0, Math.floor(data.length / 2));
      res.write(sse ? `data: ${data} \n\n\n` : `${data}\n`);
    };

    if (!resourceVersion || query.name) {
      for (const app of instance.state.list()) send({ type: 'ADDED', app });
    }
    const unsubscribe = instance.state.watch(send);
    const keepalive = sse
      ? setInterval(() => silent() || res.write(':\n'), options.keepaliveMs)
      : undefined;
    const drop = () => res.destroy();
    instance.openStreams.add(drop);
    res.on('close', () => {
      unsubscribe();
      instance.openStreams.delete(drop);
      if (keepalive) clearInterval(keepalive);
    });
  });
  return router;
}
