import { EventEmitter } from 'node:events';
import type { ArgoCdAppProject } from '@argo-pulse/backstage-plugin-common';
import type {
  ScenarioApplicationInput,
  ScenarioInstance,
} from '../scenario/scenarioSchema';
import { scenarioApplicationSchema } from '../scenario/scenarioSchema';
import { buildApplication } from './buildApplication';
import {
  adoptApplication,
  buildApplicationSets,
  SimApplicationSet,
} from './applicationSets';
import { k8sTime, uidFor } from './ids';
import { appKey, SimApplication } from './SimApplication';

/** A change to an application, as the watch stream reports it. */
export interface ApplicationChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  app: SimApplication;
}

/**
 * What one Argo CD instance holds: applications and projects. Every change
 * goes through `update`, which bumps the resourceVersion (as the Kubernetes
 * API server does) and tells watchers.
 */
export class InstanceState {
  readonly name: string;
  readonly controllerNamespace: string;
  readonly projects: ArgoCdAppProject[];
  /** ApplicationSets; their applications carry their name in a label. */
  readonly applicationSets: SimApplicationSet[];
  private readonly apps = new Map<string, SimApplication>();
  private readonly changes = new EventEmitter();
  private resourceVersionCounter = 1000;

  constructor(scenario: ScenarioInstance, private readonly now: () => Date) {
    this.name = scenario.name;
    this.controllerNamespace = scenario.namespace;
    this.changes.setMaxListeners(0);
    this.projects = this.buildProjects(scenario);
    this.applicationSets = buildApplicationSets({
      instance: scenario.name,
      controllerNamespace: scenario.namespace,
      applicationSets: scenario.applicationSets,
      now: this.now(),
    });
    for (const app of scenario.applications) this.create(app);
  }

  /** The list's resourceVersion: changes whenever anything in the instance changes. */
  get resourceVersion(): string {
    return String(this.resourceVersionCounter);
  }

  /** All applications, sorted by namespace and name as Argo CD's lister returns them. */
  list(): SimApplication[] {
    return [...this.apps.values()].sort((a, b) =>
      appKey(a.doc.metadata.namespace!, a.doc.metadata.name!).localeCompare(
        appKey(b.doc.metadata.namespace!, b.doc.metadata.name!),
      ),
    );
  }

  /** One application; the namespace defaults to the controller's. */
  get(
    name: string,
    namespace = this.controllerNamespace,
  ): SimApplication | undefined {
    return this.apps.get(appKey(namespace, name));
  }

  get size(): number {
    return this.apps.size;
  }

  /** Creates an application from its scenario description; throws if it exists. */
  create(input: ScenarioApplicationInput): SimApplication {
    const spec = scenarioApplicationSchema.parse(input);
    const namespace = spec.namespace ?? this.controllerNamespace;
    if (this.apps.has(appKey(namespace, spec.name))) {
      throw new Error(
        `application "${spec.name}" already exists in namespace "${namespace}"`,
      );
    }
    const app = buildApplication({
      instance: this.name,
      controllerNamespace: this.controllerNamespace,
      spec,
      now: this.now(),
      resourceVersion: this.nextResourceVersion(),
    });
    adoptApplication(app, this);
    this.apps.set(appKey(namespace, spec.name), app);
    this.changes.emit('change', {
      type: 'ADDED',
      app,
    } satisfies ApplicationChange);
    return app;
  }

  /**
   * Applies a change to an application and announces it. A change the controller made also
   * stamps `reconciledAt`; one written through the API server (`reconciled: false`) does not.
   */
  update(
    app: SimApplication,
    mutate: (app: SimApplication) => void,
    options: { reconciled?: boolean } = {},
  ): void {
    mutate(app);
    app.doc.metadata.resourceVersion = this.nextResourceVersion();
    if (options.reconciled !== false)
      app.doc.status.reconciledAt = k8sTime(this.now());
    this.changes.emit('change', {
      type: 'MODIFIED',
      app,
    } satisfies ApplicationChange);
  }

  /** Deletes an application; returns whether it existed. */
  delete(name: string, namespace = this.controllerNamespace): boolean {
    const app = this.apps.get(appKey(namespace, name));
    if (!app) return false;
    this.apps.delete(appKey(namespace, name));
    app.doc.metadata.resourceVersion = this.nextResourceVersion();
    this.changes.emit('change', {
      type: 'DELETED',
      app,
    } satisfies ApplicationChange);
    return true;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  watch(listener: (change: ApplicationChange) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  private nextResourceVersion(): string {
    this.resourceVersionCounter++;
    return String(this.resourceVersionCounter);
  }

  private buildProjects(scenario: ScenarioInstance): ArgoCdAppProject[] {
    const declared = scenario.projects.map(p => p.name);
    const used = scenario.applications.map(a => a.project);
    // Argo CD always has the `default` project.
    const names = [...new Set(['default', ...declared, ...used])].sort();
    return names.map(name => {
      const declaredProject = scenario.projects.find(p => p.name === name);
      return {
        metadata: {
          name,
          namespace: scenario.namespace,
          uid: uidFor(scenario.name, 'project', name),
          resourceVersion: '1',
          creationTimestamp: k8sTime(
            new Date(this.now().getTime() - 90 * 24 * 3600 * 1000),
          ),
        },
        spec: {
          ...(declaredProject?.description
            ? { description: declaredProject.description }
            : {}),
          sourceRepos: declaredProject?.sourceRepos ?? ['*'],
          destinations: [{ server: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
        status: {},
      };
    });
  }
}
