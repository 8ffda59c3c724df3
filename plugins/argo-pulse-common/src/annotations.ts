// Catalog annotations that link an entity to Argo CD applications. The names
// are those of the existing Argo CD plugins, so an entity annotated for them
// works with Argo Pulse unchanged.

import { InvalidLabelSelectorError, parseLabelSelector } from './selectors';

/**
 * One or more Argo CD application names, comma-separated.
 *
 * @public
 */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/**
 * A Kubernetes label selector over Argo CD application labels.
 *
 * @public
 */
export const ARGOCD_APP_SELECTOR_ANNOTATION = 'argocd/app-selector';

/**
 * One or more ApplicationSet names, comma-separated: the entity's applications
 * are those the ApplicationSets generated (the applications carrying
 * {@link ARGOCD_APPLICATION_SET_LABEL} with one of the names).
 *
 * @public
 */
export const ARGOCD_APPLICATIONSET_ANNOTATION = 'argocd/applicationset';

/**
 * The label Argo CD's ApplicationSet controller sets on each application it
 * generates: the ApplicationSet's name.
 *
 * @public
 */
export const ARGOCD_APPLICATION_SET_LABEL =
  'argocd.argoproj.io/application-set-name';

/**
 * Restricts the entity to these Argo CD instances (comma-separated); all when absent.
 *
 * @public
 */
export const ARGOCD_INSTANCE_NAME_ANNOTATION = 'argocd/instance-name';

/**
 * Restricts the entity to applications of this Argo CD project.
 *
 * @public
 */
export const ARGOCD_PROJECT_NAME_ANNOTATION = 'argocd/project-name';

/**
 * The namespace of the entity's applications (Argo CD "apps in any namespace").
 *
 * @public
 */
export const ARGOCD_APP_NAMESPACE_ANNOTATION = 'argocd/app-namespace';

/**
 * What an entity's annotations ask for. Exactly one of `appNames` and
 * `appSelector` is set; the other fields are set only when annotated.
 *
 * @public
 */
export interface ArgoPulseEntityTarget {
  /** From `argocd/app-name`: comma-separated, trimmed, empty items dropped. */
  appNames?: string[];
  /**
   * From `argocd/app-selector`: the selector text, trimmed, known to parse;
   * or, from `argocd/applicationset`, the selector of the ApplicationSets'
   * label (`argocd.argoproj.io/application-set-name in (a, b)`).
   */
  appSelector?: string;
  /** From `argocd/applicationset`: the ApplicationSets, comma-separated, trimmed. */
  applicationSets?: string[];
  /** From `argocd/instance-name`: comma-separated, trimmed, empty items dropped. */
  instances?: string[];
  /** From `argocd/project-name`, trimmed. */
  project?: string;
  /** From `argocd/app-namespace`, trimmed. */
  namespace?: string;
}

/**
 * The outcome of reading an entity's annotations: not annotated, annotated
 * wrongly (with a message naming the annotations at fault), or a target.
 *
 * @public
 */
export type ArgoPulseTargetResult =
  | { kind: 'none' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'target'; target: ArgoPulseEntityTarget };

/**
 * The part of a catalog entity that {@link readArgoPulseTarget} and
 * {@link isArgoPulseAvailable} read: its annotations. Any catalog `Entity`
 * fits, and so does a plain object in a test or a script.
 *
 * @public
 */
export type AnnotatedEntity = {
  metadata: { annotations?: Record<string, string> };
};

/**
 * The longest `argocd/*` annotation Argo Pulse reads, in characters. A longer
 * one is a configuration problem shown on the entity's page: no name list or
 * selector a person writes comes near it, and reading an unbounded one would
 * let one catalog entity hold the backend's event loop.
 *
 * @public
 */
export const ARGO_PULSE_ANNOTATION_MAX_LENGTH = 4096;

/**
 * The most application names `argocd/app-name` may list (or values one
 * `argocd/instance-name` may list). More is a configuration problem: select
 * that many applications with `argocd/app-selector` instead.
 *
 * @public
 */
export const ARGO_PULSE_ANNOTATION_MAX_NAMES = 100;

/**
 * Every annotation that says what an entity deploys: what
 * {@link readArgoPulseTarget} reads, and all it reads.
 *
 * @public
 */
export const ARGO_PULSE_TARGET_ANNOTATIONS: readonly string[] = [
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_APPLICATIONSET_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ARGOCD_PROJECT_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
];

/** The first `argocd/*` annotation over a bound, in words; checked before anything is parsed. */
function boundsProblem(entity: AnnotatedEntity): string | undefined {
  for (const name of ARGO_PULSE_TARGET_ANNOTATIONS) {
    const value = entity.metadata.annotations?.[name];
    if (
      value !== undefined &&
      value.length > ARGO_PULSE_ANNOTATION_MAX_LENGTH
    ) {
      return `Annotation "${name}" is ${value.length.toLocaleString(
        'en-US',
      )} characters long; Argo Pulse reads at most ${ARGO_PULSE_ANNOTATION_MAX_LENGTH.toLocaleString(
        'en-US',
      )}.`;
    }
  }
  for (const name of [
    ARGOCD_APP_NAME_ANNOTATION,
    ARGOCD_APPLICATIONSET_ANNOTATION,
    ARGOCD_INSTANCE_NAME_ANNOTATION,
  ]) {
    const count = splitList(readAnnotation(entity, name) ?? '').length;
    if (count > ARGO_PULSE_ANNOTATION_MAX_NAMES) {
      return `Annotation "${name}" lists ${count} names; Argo Pulse reads at most ${ARGO_PULSE_ANNOTATION_MAX_NAMES} (select that many applications with "${ARGOCD_APP_SELECTOR_ANNOTATION}").`;
    }
  }
  return undefined;
}

// A blank annotation is treated as absent: YAML templating often leaves
// `argocd/app-name: ""` behind, and that is not a request for anything.
function readAnnotation(
  entity: AnnotatedEntity,
  name: string,
): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '');
}

/** A label value, as Kubernetes allows it: what an ApplicationSet's name must be to select by it. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** `argocd/applicationset`: the names, and the selector of the label they give the applications. */
function readApplicationSets(
  value: string,
):
  | ArgoPulseTargetResult
  | Pick<ArgoPulseEntityTarget, 'appSelector' | 'applicationSets'> {
  const applicationSets = splitList(value);
  const wrong = applicationSets.find(name => !LABEL_VALUE.test(name));
  if (applicationSets.length === 0 || wrong !== undefined)
    return {
      kind: 'invalid',
      problem: `Annotation "${ARGOCD_APPLICATIONSET_ANNOTATION}" ${
        wrong === undefined
          ? `names no ApplicationSet: "${value}"`
          : `names "${wrong}", which is not an ApplicationSet name (letters, digits, "-", "_" and ".", at most 63)`
      }.`,
    };
  return {
    applicationSets,
    appSelector:
      applicationSets.length === 1
        ? `${ARGOCD_APPLICATION_SET_LABEL}=${applicationSets[0]}`
        : `${ARGOCD_APPLICATION_SET_LABEL} in (${applicationSets.join(',')})`,
  };
}

function readApplications(
  appName: string | undefined,
  appSelector: string | undefined,
  applicationSet: string | undefined,
):
  | ArgoPulseTargetResult
  | Pick<
      ArgoPulseEntityTarget,
      'appNames' | 'appSelector' | 'applicationSets'
    > {
  const given = [
    [ARGOCD_APP_NAME_ANNOTATION, appName],
    [ARGOCD_APP_SELECTOR_ANNOTATION, appSelector],
    [ARGOCD_APPLICATIONSET_ANNOTATION, applicationSet],
  ].filter(([, value]) => value !== undefined);
  if (given.length > 1) {
    return {
      kind: 'invalid',
      problem: `Annotations ${given
        .map(([name]) => `"${name}"`)
        .join(' and ')} cannot both be set; use one of them.`,
    };
  }
  if (applicationSet !== undefined) return readApplicationSets(applicationSet);
  if (appName !== undefined) {
    const appNames = splitList(appName);
    return appNames.length > 0
      ? { appNames }
      : {
          kind: 'invalid',
          problem: `Annotation "${ARGOCD_APP_NAME_ANNOTATION}" names no application: "${appName}".`,
        };
  }
  if (appSelector !== undefined) {
    try {
      parseLabelSelector(appSelector);
    } catch (error) {
      if (error instanceof InvalidLabelSelectorError) {
        return {
          kind: 'invalid',
          problem: `Annotation "${ARGOCD_APP_SELECTOR_ANNOTATION}" is not a valid label selector. ${error.message}`,
        };
      }
      throw error;
    }
    return { appSelector };
  }
  return { kind: 'none' };
}

/**
 * Reads what an entity's `argocd/*` annotations ask for. The result is data,
 * not an exception, so a card can show a misconfiguration as such.
 *
 * @public
 */
export function readArgoPulseTarget(
  entity: AnnotatedEntity,
): ArgoPulseTargetResult {
  const tooLarge = boundsProblem(entity);
  if (tooLarge && isArgoPulseAvailable(entity)) {
    return { kind: 'invalid', problem: tooLarge };
  }
  const applications = readApplications(
    readAnnotation(entity, ARGOCD_APP_NAME_ANNOTATION),
    readAnnotation(entity, ARGOCD_APP_SELECTOR_ANNOTATION),
    readAnnotation(entity, ARGOCD_APPLICATIONSET_ANNOTATION),
  );
  if ('kind' in applications) {
    return applications;
  }
  const target: ArgoPulseEntityTarget = { ...applications };
  const instances = splitList(
    readAnnotation(entity, ARGOCD_INSTANCE_NAME_ANNOTATION) ?? '',
  );
  if (instances.length > 0) {
    target.instances = instances;
  }
  const project = readAnnotation(entity, ARGOCD_PROJECT_NAME_ANNOTATION);
  if (project !== undefined) {
    target.project = project;
  }
  const namespace = readAnnotation(entity, ARGOCD_APP_NAMESPACE_ANNOTATION);
  if (namespace !== undefined) {
    target.namespace = namespace;
  }
  return { kind: 'target', target };
}

/**
 * Whether the entity asks for Argo Pulse at all: `argocd/app-name`,
 * `argocd/app-selector` or `argocd/applicationset` is set and not blank. True also for a wrong
 * configuration, so that the card appears and explains it.
 *
 * @public
 */
export function isArgoPulseAvailable(entity: AnnotatedEntity): boolean {
  return (
    readAnnotation(entity, ARGOCD_APP_NAME_ANNOTATION) !== undefined ||
    readAnnotation(entity, ARGOCD_APP_SELECTOR_ANNOTATION) !== undefined ||
    readAnnotation(entity, ARGOCD_APPLICATIONSET_ANNOTATION) !== undefined
  );
}
