import type { RequestHandler } from 'express';

/**
 * Answers 415 when a request carries a body that is not JSON: without this,
 * `curl -d` (form-encoded by default) reaches the route with an empty body
 * and gets a confusing message about a missing field. The answer has the
 * shape of Backstage's other errors (there is no `@backstage/errors` class
 * for 415).
 */
export function requireJsonBody(): RequestHandler {
  return (req, res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.is('application/json')) {
      next();
      return;
    }
    const given = req.headers['content-type'] ?? 'none';
    res.status(415).json({
      error: {
        name: 'UnsupportedMediaTypeError',
        message: `The body must be JSON: send Content-Type: application/json (this request said ${given})`,
      },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: 415 },
    });
  };
}
