import {
  ArgoPulseMatrixDrift,
  ArgoPulseMatrixRow,
  ArgoPulseMatrixVersion,
  ImageReference,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';

/** One application of the entity, placed in an environment, with what it runs and its history. */
export interface MatrixApplication {
  key: { instance: string; namespace: string; name: string };
  environment: string;
  /** The images it runs now. */
  images: string[];
  /** Its deployments, newest first, with the images each ran (empty when unknown). */
  history: Array<{ finishedAt: string; images: string[] }>;
}

interface Parsed extends ImageReference {
  image: string;
}

const repositoryOf = (ref: ImageReference) =>
  `${ref.registry}/${ref.repository}`;
const parse = (image: string): Parsed | undefined => {
  const ref = tryParseImageReference(image);
  return ref && { ...ref, image };
};

/** Two references to one repository name the same version: equal digests when both have one, else equal tags. */
function sameVersion(a: ImageReference, b: ImageReference): boolean {
  if (a.digest && b.digest) return a.digest === b.digest;
  return a.tag !== undefined && a.tag === b.tag;
}

/** What to show: the tag, or a short digest. */
function versionLabel(ref: ImageReference): string {
  if (ref.tag) return ref.tag;
  const [algorithm, hex] = (ref.digest ?? '').split(':');
  return hex ? `${algorithm}:${hex.slice(0, 7)}` : '?';
}

/** The version of `repository` among some images, if it is one of them. */
function versionIn(images: string[], repository: string): Parsed | undefined {
  return images
    .map(parse)
    .find(
      (ref): ref is Parsed =>
        ref !== undefined && repositoryOf(ref) === repository,
    );
}

/**
 * An application's run of `version`, back through its history while each
 * known deployment still ran it: the run's first deployment, and whether a
 * deployment of another version before it ends the run within the history.
 */
function runOf(
  app: MatrixApplication,
  repository: string,
  version: ImageReference,
): { earliest?: string; endsInHistory: boolean } {
  let earliest: string | undefined;
  for (const deployment of app.history) {
    if (deployment.images.length === 0) continue; // unknown: neither confirms nor ends the run
    const ran = versionIn(deployment.images, repository);
    if (!ran || !sameVersion(ran, version))
      return { earliest, endsInHistory: true };
    earliest = deployment.finishedAt;
  }
  return { earliest, endsInHistory: false };
}

/** Since when an application runs `version`, as far back as its history shows. */
function since(
  app: MatrixApplication,
  repository: string,
  version: ImageReference,
): string | undefined {
  return runOf(app, repository, version).earliest;
}

/**
 * When an application began running `version`, when its kept history shows
 * it: the first deployment of the run, after a deployment of another
 * version. Undefined when the run reaches back to the oldest deployment
 * kept, since it may have begun before the history does.
 */
function runStartedAt(
  app: MatrixApplication,
  repository: string,
  version: ImageReference,
): string | undefined {
  const run = runOf(app, repository, version);
  return run.endsInHistory ? run.earliest : undefined;
}

/** The oldest deployment whose images are known, among some applications': where their kept history begins. */
function historyBegins(apps: MatrixApplication[]): string | undefined {
  return apps
    .flatMap(app => app.history)
    .filter(d => d.images.length > 0)
    .map(d => d.finishedAt)
    .sort()[0];
}

/** The versions of `repository` an environment's applications run now, each once, with since when. */
function cellVersions(
  apps: MatrixApplication[],
  repository: string,
): ArgoPulseMatrixVersion[] {
  const versions: Array<ArgoPulseMatrixVersion & { ref: Parsed }> = [];
  for (const app of apps) {
    const ref = versionIn(app.images, repository);
    if (!ref) continue;
    const started = since(app, repository, ref);
    const known = versions.find(v => sameVersion(v.ref, ref));
    if (known) {
      known.applications.push(app.key);
      if (started && (!known.since || started < known.since))
        known.since = started;
    } else {
      versions.push({
        version: versionLabel(ref),
        image: ref.image,
        ...(started ? { since: started } : {}),
        applications: [app.key],
        ref,
      });
    }
  }
  return versions.map(({ ref: _ref, ...version }) => version);
}

/**
 * The versions an environment's applications deployed, newest first, from
 * their histories merged by time, one entry per change of version.
 */
function deployedVersions(
  apps: MatrixApplication[],
  repository: string,
): Parsed[] {
  const deployments = apps
    .flatMap(app => app.history)
    .filter(d => d.images.length > 0)
    .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  const versions: Parsed[] = [];
  for (const deployment of deployments) {
    const ref = versionIn(deployment.images, repository);
    if (
      ref &&
      !(versions.length && sameVersion(versions[versions.length - 1], ref))
    )
      versions.push(ref);
  }
  return versions;
}

/**
 * How `environment` differs from `earlier` for one repository: a version the
 * earlier environment never ran, or how many newer versions it deployed
 * since the one this environment runs.
 *
 * "Never ran" is said only when it is known: this environment's history
 * shows when it began running the version, and the earlier environment's
 * kept history reaches back before then, over the time the version would
 * have passed through it. An ordinary promotion whose earlier steps predate
 * the kept history is not called drift.
 */
function driftOf(
  repository: string,
  environment: string,
  runs: Parsed[],
  apps: MatrixApplication[],
  earlier: string,
  earlierApps: MatrixApplication[],
): ArgoPulseMatrixDrift[] {
  const earlierBegins = historyBegins(earlierApps);
  const knownNeverRan = (ref: Parsed) =>
    apps.some(app => {
      const started = runStartedAt(app, repository, ref);
      return Boolean(started && earlierBegins && earlierBegins <= started);
    });
  const earlierNow = earlierApps.flatMap(
    app => versionIn(app.images, repository) ?? [],
  );
  const earlierDeployed = deployedVersions(earlierApps, repository);
  return runs.flatMap((ref): ArgoPulseMatrixDrift[] => {
    if (earlierNow.some(now => sameVersion(now, ref))) return [];
    const lastRan = earlierDeployed.findIndex(deployed =>
      sameVersion(deployed, ref),
    );
    if (lastRan === -1) {
      if (!knownNeverRan(ref)) return [];
      return [
        {
          repository,
          environment,
          comparedTo: earlier,
          kind: 'untested',
          message: `${environment} runs ${versionLabel(
            ref,
          )}, which never ran in ${earlier}`,
        },
      ];
    }
    if (lastRan === 0) return []; // its newest deployment was this version: nothing newer went out
    const behind = lastRan;
    const deployments = behind === 1 ? 'deployment' : 'deployments';
    return [
      {
        repository,
        environment,
        comparedTo: earlier,
        kind: 'behind',
        deploymentsBehind: behind,
        message: `${environment} is ${behind} ${deployments} behind ${earlier}`,
      },
    ];
  });
}

const distinctVersions = (refs: Parsed[]) =>
  refs.filter(
    (ref, i) => refs.findIndex(other => sameVersion(other, ref)) === i,
  );

/**
 * The version matrix of an entity: a row per image repository its
 * applications run, a cell per environment (in order), and the drift of
 * each environment against the nearest earlier one that runs the image.
 */
export function buildVersionMatrix(
  environments: string[],
  apps: MatrixApplication[],
): { rows: ArgoPulseMatrixRow[]; drift: ArgoPulseMatrixDrift[] } {
  const appsIn = (environment: string) =>
    apps.filter(app => app.environment === environment);
  const repositories = [
    ...new Set(
      apps.flatMap(app =>
        app.images.flatMap(image => parse(image) ?? []).map(repositoryOf),
      ),
    ),
  ].sort();
  const rows = repositories.map(repository => ({
    repository,
    cells: environments.map(environment => ({
      environment,
      versions: cellVersions(appsIn(environment), repository),
    })),
  }));
  const drift = repositories.flatMap(repository => {
    const running = environments
      .map(environment => ({
        environment,
        runs: distinctVersions(
          appsIn(environment).flatMap(
            app => versionIn(app.images, repository) ?? [],
          ),
        ),
      }))
      .filter(column => column.runs.length > 0);
    return running
      .slice(1)
      .flatMap((column, i) =>
        driftOf(
          repository,
          column.environment,
          column.runs,
          appsIn(column.environment),
          running[i].environment,
          appsIn(running[i].environment),
        ),
      );
  });
  return { rows, drift };
}
