import {
  InvalidImageReferenceError,
  normalizeImageReference,
} from '@argo-pulse/backstage-plugin-common';
import { z } from 'zod';

const MAX_IMAGES = 50;

/** An optional text field where an empty string means "not given" (CI variables are often unset). */
function optionalText(max: number, what: string) {
  return z.preprocess(
    value =>
      typeof value === 'string' && value.trim() === '' ? undefined : value,
    z
      .string({ error: `must be ${what}` })
      .trim()
      .max(max, `must be at most ${max} characters`)
      .optional(),
  );
}

/**
 * The body of `POST /expectations`, strict: an unknown field is a mistake
 * (a typo would otherwise be silently ignored). Images come out normalized.
 */
export function expectationRequestSchema(options: {
  maxTimeoutSeconds: number;
}) {
  return z
    .object({
      entityRef: z.string().trim().min(1).max(512).optional(),
      instances: z
        .array(z.string().trim().min(1).max(255))
        .min(1)
        .max(50)
        .optional(),
      application: z
        .object({
          instance: z.string().trim().min(1).max(255),
          name: z.string().trim().min(1).max(255),
          namespace: z.string().trim().min(1).max(255).optional(),
        })
        .strict()
        .optional(),
      images: z
        .array(z.string().max(1024, 'is longer than 1024 characters'), {
          error: 'must be a list of image references',
        })
        .min(1, 'give at least one image')
        .max(MAX_IMAGES, `give at most ${MAX_IMAGES} images`),
      timeoutSeconds: z
        .number({ error: 'must be a number of seconds' })
        .int('must be a whole number of seconds')
        .min(1, 'must be at least 1 second')
        .max(
          options.maxTimeoutSeconds,
          `must be at most ${options.maxTimeoutSeconds} seconds`,
        )
        .optional(),
      revision: optionalText(255, 'the git revision (a commit SHA or a tag)'),
      author: optionalText(1000, 'a name or e-mail address'),
      runUrl: z.preprocess(
        value =>
          typeof value === 'string' && value.trim() === '' ? undefined : value,
        z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
          .max(2000, 'must be at most 2000 characters')
          .optional(),
      ),
    })
    .strict()
    .refine(
      body => body.entityRef !== undefined || body.application !== undefined,
      {
        message: 'give entityRef, application, or both',
      },
    )
    .refine(
      body => body.entityRef !== undefined || body.instances === undefined,
      {
        message: 'instances narrows an entity: give entityRef with it',
        path: ['instances'],
      },
    )
    .transform((body, ctx) => {
      const images: string[] = [];
      body.images.forEach((image, index) => {
        try {
          images.push(normalizeImageReference(image));
        } catch (error) {
          if (!(error instanceof InvalidImageReferenceError)) throw error;
          ctx.addIssue({
            code: 'custom',
            message: error.message,
            path: ['images', index],
          });
        }
      });
      return { ...body, images: [...new Set(images)] };
    });
}

export type ExpectationRequest = z.output<
  ReturnType<typeof expectationRequestSchema>
>;
