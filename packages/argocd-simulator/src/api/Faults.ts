import type { RequestHandler } from 'express';
import { z } from 'zod';

/** Faults an instance can be told to show. All off by default. */
export const faultsSchema = z
  .object({
    /** Added before every answer. */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Share of requests answered with `errorStatus` by the proxy in front of Argo CD. */
    errorRate: z.number().min(0).max(1).default(0),
    errorStatus: z.number().int().min(500).max(599).default(503),
    /** Accept requests and never answer them. */
    hang: z.boolean().default(false),
    /** Answer 200 with a body cut short in the middle of the JSON. */
    malformedJson: z.boolean().default(false),
    /** Drop every connection without an answer, as a host that is down does. */
    refuseConnections: z.boolean().default(false),
    /** An SSO proxy in front: answer every request with `redirectStatus` to this URL plus the request's path. */
    redirectTo: z.url().optional(),
    redirectStatus: z
      .union([
        z.literal(301),
        z.literal(302),
        z.literal(303),
        z.literal(307),
        z.literal(308),
      ])
      .default(307),
    /** An SSO proxy in front: answer every request 200 with its HTML login page. */
    htmlLoginPage: z.boolean().default(false),
    /**
     * Event streams, open ones included, stay open but carry nothing more: no event, no
     * keepalive, no end (a connection a middlebox dropped without telling either side).
     */
    silentStreams: z.boolean().default(false),
    /** Lists come back whole whatever `fields` asks (an old Argo CD, or a proxy that drops the query). */
    ignoreFields: z.boolean().default(false),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultsSchema>;
export type FaultSettingsInput = z.input<typeof faultsSchema>;

const NO_FAULTS: FaultSettings = faultsSchema.parse({});

/** A small seeded PRNG (mulberry32), so an error rate gives the same sequence every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method="post" action="/oauth2/sign_in"><input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>\n';

/** The faults of one instance, and the middleware that acts them out. */
export class Faults {
  private settings: FaultSettings = NO_FAULTS;
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  get current(): FaultSettings {
    return { ...this.settings };
  }

  /** Replaces the fault settings (fields left out are off). */
  set(input: FaultSettingsInput): FaultSettings {
    this.settings = faultsSchema.parse(input);
    this.random = seededRandom(this.seed);
    return this.current;
  }

  clear(): void {
    this.settings = NO_FAULTS;
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      const faults = this.settings;
      if (faults.refuseConnections) {
        req.socket.destroy();
        return;
      }
      if (faults.hang) return; // never answered; the server drops it on close
      if (faults.redirectTo) {
        res.redirect(
          faults.redirectStatus,
          `${faults.redirectTo.replace(/\/$/, '')}${req.url}`,
        );
        return;
      }
      if (faults.htmlLoginPage) {
        res.status(200).type('html').send(LOGIN_PAGE);
        return;
      }
      const proceed = () => {
        if (faults.errorRate > 0 && this.random() < faults.errorRate) {
          const text = `${faults.errorStatus} ${
            STATUS_TEXT[faults.errorStatus] ?? 'Server Error'
          }`;
          res
            .status(faults.errorStatus)
            .type('html')
            .send(
              `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
            );
          return;
        }
        if (faults.malformedJson) {
          res.locals.malformedJson = true;
          res.json = (body: unknown) => {
            const text = JSON.stringify(body) ?? '';
            return res
              .type('json')
              .send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          };
        }
        next();
      };
      if (faults.latencyMs > 0) setTimeout(proceed, faults.latencyMs).unref();
      else proceed();
    };
  }
}
