import { z } from 'zod';

/**
 * An application whose workload is an Argo Rollouts `Rollout` instead of a
 * Deployment: the strategy and the canary steps as a Rollout's spec writes
 * them, so a scenario reads like the manifest it stands for.
 */

/** A pause's duration as Argo Rollouts takes it: seconds, or a number with `s`, `m` or `h`. */
const durationSchema = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d+(s|m|h)?$/, 'a duration is like 30s, 5m, 1h or 30'),
]);

const setWeightStep = z
  .object({ setWeight: z.number().int().min(0).max(100) })
  .strict();
const pauseStep = z
  .object({
    pause: z.object({ duration: durationSchema.optional() }).strict(),
  })
  .strict();
const analysisStep = z
  .object({
    analysis: z
      .object({
        templates: z
          .array(z.object({ templateName: z.string().min(1) }).strict())
          .min(1),
      })
      .strict(),
  })
  .strict();

/** One canary step: exactly one of `setWeight`, `pause` or `analysis`. */
export const canaryStepSchema = z.union([
  setWeightStep,
  pauseStep,
  analysisStep,
]);
export type CanaryStep = z.infer<typeof canaryStepSchema>;

/** How many pods the Rollout asks for (`spec.replicas`); the tree shows each one. */
const replicasSchema = z.number().int().min(1).max(20).default(5);

/** The Rollout's name; the application's when absent. */
const nameSchema = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a lowercase DNS label (a-z, 0-9 and -)',
  )
  .optional();

export const rolloutOptionSchema = z.discriminatedUnion('strategy', [
  z
    .object({
      strategy: z.literal('canary'),
      /** Without steps, an update goes to 100 % at once, as in Argo Rollouts. */
      steps: z.array(canaryStepSchema).default([]),
      replicas: replicasSchema,
      name: nameSchema,
    })
    .strict(),
  z
    .object({
      strategy: z.literal('blueGreen'),
      /** Argo Rollouts' `autoPromotionEnabled` (true by default there too). */
      autoPromotion: z.boolean().default(true),
      replicas: replicasSchema,
      name: nameSchema,
    })
    .strict(),
]);

export type RolloutOption = z.infer<typeof rolloutOptionSchema>;

/** A pause's duration in milliseconds (a bare number is seconds, as in Argo Rollouts). */
export function durationMs(duration: string | number): number {
  if (typeof duration === 'number') return duration * 1000;
  const match = /^(\d+)(s|m|h)?$/.exec(duration)!;
  const unit = { s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}
