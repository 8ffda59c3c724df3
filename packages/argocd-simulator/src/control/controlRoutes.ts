import express, { NextFunction, Request, Response, Router } from 'express';
import { z, ZodError } from 'zod';
import { faultsSchema } from '../api/Faults';
import type { SimulatedInstance } from '../SimulatedInstance';
import { UnknownApplicationError } from '../SimulatedInstance';
import { RolloutConflictError } from '../model/argoRollouts/rolloutSummary';
import { rolloutRequestSchema } from '../model/rolloutRequest';
import { scenarioApplicationSchema } from '../scenario/scenarioSchema';

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const syntheticSchema = z
  .object({
    count: z.number().int().min(1).max(50_000),
    prefix: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9]*$/)
      .optional(),
    project: z.string().optional(),
  })
  .strict();

/** `promote` and `abort` take no options (`kubectl argo rollouts promote --full` is not simulated). */
const rolloutCommandSchema = z.object({}).strict();

const expireSchema = z
  .object({ includeStaticTokens: z.boolean().default(false) })
  .strict();

/**
 * The control API, under `/control`: what tests, the demo and benchmarks use
 * to move the simulated world. Not part of Argo CD's API; documented in the
 * package README.
 */
export function controlRoutes(
  instances: Map<string, SimulatedInstance>,
): Router {
  const router = Router();
  router.use(express.json());

  const instanceOf = (req: Request): SimulatedInstance => {
    const instance = instances.get(req.params.instance);
    if (!instance)
      throw new ControlError(404, `no instance "${req.params.instance}"`);
    return instance;
  };
  const appNamespace = (req: Request) =>
    typeof req.query.appNamespace === 'string'
      ? req.query.appNamespace
      : undefined;

  router.get('/instances', (_req, res) => {
    res.json({
      instances: [...instances.values()].map(i => ({
        name: i.name,
        applications: i.state.size,
      })),
    });
  });

  router.get('/instances/:instance/applications', (req, res) => {
    res.json({
      applications: instanceOf(req)
        .state.list()
        .map(app => app.doc.metadata.name),
    });
  });

  router.post('/instances/:instance/applications', (req, res) => {
    const spec = scenarioApplicationSchema.parse(req.body);
    const instance = instanceOf(req);
    if (instance.state.get(spec.name, spec.namespace))
      throw new ControlError(409, `application "${spec.name}" already exists`);
    res
      .status(201)
      .json({ name: instance.createApplication(spec).doc.metadata.name });
  });

  router.delete('/instances/:instance/applications/:name', (req, res) => {
    if (
      !instanceOf(req).deleteApplication(req.params.name, appNamespace(req))
    ) {
      throw new ControlError(404, `no application "${req.params.name}"`);
    }
    res.status(204).end();
  });

  router.post('/instances/:instance/applications/:name/rollout', (req, res) => {
    const request = rolloutRequestSchema.parse(req.body);
    res
      .status(202)
      .json(
        instanceOf(req).rollout(req.params.name, request, appNamespace(req)),
      );
  });

  /** Answers the rollout of the application the route names, after `step` (looking or advancing). */
  const answerRollout =
    (step: 'status' | 'advance') => (req: Request, res: Response) => {
      const instance = instanceOf(req);
      const status = instance.rollouts[step](
        instance.application(req.params.name, appNamespace(req)),
      );
      if (!status)
        throw new ControlError(404, `no rollout for "${req.params.name}"`);
      res.json(status);
    };
  router.get(
    '/instances/:instance/applications/:name/rollout',
    answerRollout('status'),
  );
  router.post(
    '/instances/:instance/applications/:name/rollout/advance',
    answerRollout('advance'),
  );

  /** `kubectl argo rollouts promote` and `abort` on the application's Rollout. */
  const rolloutCommand =
    (command: 'promote' | 'abort') => (req: Request, res: Response) => {
      rolloutCommandSchema.parse(req.body ?? {});
      const instance = instanceOf(req);
      const status = instance[command](req.params.name, appNamespace(req));
      if (!status)
        throw new ControlError(404, `no rollout for "${req.params.name}"`);
      res.json(status);
    };
  router.post(
    '/instances/:instance/applications/:name/promote',
    rolloutCommand('promote'),
  );
  router.post(
    '/instances/:instance/applications/:name/abort',
    rolloutCommand('abort'),
  );

  router.post('/instances/:instance/synthetic', (req, res) => {
    const options = syntheticSchema.parse(req.body);
    res
      .status(201)
      .json({ created: instanceOf(req).generateApplications(options).length });
  });

  router.get('/instances/:instance/faults', (req, res) => {
    res.json(instanceOf(req).faults.current);
  });

  router.put('/instances/:instance/faults', (req, res) => {
    res.json(instanceOf(req).faults.set(faultsSchema.parse(req.body)));
  });

  router.delete('/instances/:instance/faults', (req, res) => {
    const instance = instanceOf(req);
    instance.faults.clear();
    instance.sessions.restore();
    res.status(204).end();
  });

  router.post('/instances/:instance/expire-tokens', (req, res) => {
    instanceOf(req).sessions.expire(expireSchema.parse(req.body ?? {}));
    res.status(204).end();
  });

  router.post('/instances/:instance/streams/drop', (req, res) => {
    res.json({ dropped: instanceOf(req).dropStreams() });
  });

  router.get('/instances/:instance/calls', (req, res) => {
    const filter = (key: string) =>
      typeof req.query[key] === 'string'
        ? (req.query[key] as string)
        : undefined;
    res.json({
      calls: instanceOf(req).calls.list({
        operation: filter('operation'),
        application: filter('application'),
      }),
    });
  });

  router.delete('/instances/:instance/calls', (req, res) => {
    instanceOf(req).calls.reset();
    res.status(204).end();
  });

  router.get('/instances/:instance/requests', (req, res) => {
    res.json(instanceOf(req).counters.snapshot());
  });

  router.delete('/instances/:instance/requests', (req, res) => {
    instanceOf(req).counters.reset();
    res.status(204).end();
  });

  router.use(
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (error instanceof ZodError)
        res.status(400).json({ error: z.prettifyError(error) });
      else if (error instanceof ControlError)
        res.status(error.status).json({ error: error.message });
      else if (error instanceof UnknownApplicationError)
        res.status(404).json({ error: error.message });
      else if (error instanceof RolloutConflictError)
        res.status(409).json({ error: error.message });
      else if (error instanceof SyntaxError)
        res.status(400).json({ error: `invalid JSON body: ${error.message}` });
      else next(error);
    },
  );
  return router;
}
