import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { hideInternalErrors } from './hideInternalErrors';

/** A route that fails as told, behind this handler and Backstage's own error middleware. */
function appFailingWith(error: unknown) {
  const logger = mockServices.logger.mock();
  const app = express();
  app.get('/fail', () => {
    throw error;
  });
  app.use(hideInternalErrors(logger));
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  return { app, logger };
}

describe('hideInternalErrors', () => {
  it('answers an unexpected error (the database down) without its internals, and logs it whole', async () => {
    const { app, logger } = appFailingWith(
      new Error('connect ECONNREFUSED 10.0.0.5:5432'),
    );
    const response = await request(app).get('/fail');
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('10.0.0.5');
    expect(response.body.error.message).toMatch(
      /^Argo Pulse could not answer this request; the backend log has the details \(.+Z\)$/,
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/^GET \/fail failed at /),
      expect.objectContaining({
        message: 'connect ECONNREFUSED 10.0.0.5:5432',
      }),
    );
  });

  it.each([
    [new InputError('limit: must be at most 100'), 400],
    [new NotFoundError('No entity component:default/nope'), 404],
    [
      Object.assign(new SyntaxError('Unexpected end of JSON input'), {
        status: 400,
        type: 'entity.parse.failed',
      }),
      400,
    ],
  ])(
    'passes answers meant for the caller unchanged: %s',
    async (error, status) => {
      const { app } = appFailingWith(error);
      const response = await request(app).get('/fail');
      expect(response.status).toBe(status);
      expect(response.body.error.message).toBe((error as Error).message);
    },
  );
});
