import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { entityOfApplication } from '../entities/entityOfApplication';
import type { ExpectationRequest } from './expectationRequest';
import type { ExpectationService } from './ExpectationService';
import { newExpectationRecord } from './newExpectationRecord';
import type { RefreshInstances } from './refreshInstances';
import {
  ApplicationNotKnownError,
  resolveExpectationTargets,
} from './resolveExpectationTargets';
import type { AwaitedApplications, ExpectationRecord } from './types';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Throws a 400 unless the `Idempotency-Key` header, when sent, is 1 to 255 printable characters. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new InputError(
      'Invalid Idempotency-Key header: 1 to 255 printable characters without spaces',
    );
  }
}

/** A fingerprint of what a request asks for, to tell a retry from a different request under one key. */
export function requestHash(
  request: ExpectationRequest,
  entityRef: string | undefined,
): string {
  const { application: app } = request;
  const canonical = [
    entityRef ?? null,
    request.instances ? [...request.instances].sort() : null,
    app ? [app.instance, app.name, app.namespace ?? null] : null,
    [...request.images].sort(),
    request.timeoutSeconds ?? null,
    request.revision ?? null,
    request.author ?? null,
    request.runUrl ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** An argo-watcher task, validated: one application by name, its images already normalized. */
export interface ArgoWatcherTask {
  app: string;
  author: string;
  project: string;
  /** As posted, for argo-watcher's answers. */
  postedImages: Array<{ image: string; tag: string }>;
  images: string[];
  /** Seconds; argo-watcher's default when absent or not positive. */
  timeout?: number;
}

/**
 * How posted expectations come in, whichever API CI uses: the idempotency
 * rules (one key per caller; the same key with a different request is a
 * 409), and an application nobody has seen yet (an ApplicationSet just made
 * it) looked for once more after a poll of its instances. Routes validate,
 * authorize, call one of the two entries and answer.
 */
export class ExpectationIntake {
  constructor(
    private readonly options: {
      config: ArgoPulseConfig;
      store: ArgoPulseStore;
      expectations: ExpectationService;
      catalog: CatalogService;
      /** Polls instances now; without it, an unknown application is not looked for again. */
      refreshInstances?: RefreshInstances;
      now?: () => Date;
    },
  ) {}

  private get configuredInstances(): string[] {
    return this.options.config.instances.map(i => i.name);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * `POST /expectations`: the targets the request names, resolved against the store (and once
   * more after a poll when its application is unknown; still unknown, the expectation waits for
   * it, up to `appMissingGrace`). A retry under the same key answers the first expectation.
   */
  async post(input: {
    request: ExpectationRequest;
    entityRef?: string;
    entity?: Entity;
    caller?: string;
    idempotencyKey?: string;
  }): Promise<ExpectationRecord> {
    const { request, entityRef, entity, caller, idempotencyKey } = input;
    checkIdempotencyKey(idempotencyKey);
    const resolve = () =>
      resolveExpectationTargets({
        request,
        entity,
        store: this.options.store,
        configuredInstances: this.configuredInstances,
      });
    let awaiting: AwaitedApplications | undefined;
    const targets = await this.withOneMoreLook(
      resolve,
      error => error.instances,
    ).catch(error => {
      if (!(error instanceof ApplicationNotKnownError)) throw error;
      awaiting = error.awaiting;
      return [];
    });
    const { expectations: expectationsConfig } = this.options.config;
    const timeoutMs =
      request.timeoutSeconds !== undefined
        ? request.timeoutSeconds * 1000
        : expectationsConfig.defaultTimeoutMs;
    const hash = requestHash(request, entityRef);
    const { record, created } = await this.options.expectations.create(
      newExpectationRecord({
        entityRef,
        targets,
        images: request.images,
        timeoutMs,
        now: this.now(),
        details: {
          awaiting,
          revision: request.revision,
          author: request.author,
          runUrl: request.runUrl,
          createdBy: caller,
          // Keys are per caller: two pipelines may both use, say, the commit SHA.
          ...(idempotencyKey
            ? {
                idempotencyKey: `${caller ?? ''} ${idempotencyKey}`,
                requestHash: hash,
              }
            : {}),
        },
      }),
    );
    if (!created && record.requestHash !== hash) {
      throw new ConflictError(
        `Idempotency-Key "${idempotencyKey}" was already used for a different request`,
      );
    }
    return record;
  }

  /**
   * argo-watcher's `POST /api/v1/tasks`: the one application of that name, in any instance
   * (looked for once more after a poll of all of them), shown on the page of the entity whose
   * annotations select it. `authorize` is asked for that entity, or for no entity when there is
   * none. An application in no instance is accepted and fails at once with `app-not-found`, as
   * argo-watcher answers; one in several instances is a 400.
   */
  async postTask(input: {
    task: ArgoWatcherTask;
    caller?: string;
    credentials: BackstageCredentials;
    authorize: (entityRef: string | undefined) => Promise<void>;
  }): Promise<ExpectationRecord> {
    const { task, caller } = input;
    const lookUp = async () => {
      const found = await this.options.store.listApplicationIndex({
        names: [task.app],
      });
      if (found.length === 0) {
        const awaiting = {
          target: { appNames: [task.app] },
          description: task.app,
        };
        throw new ApplicationNotKnownError(
          `Application "${task.app}" is not in any Argo CD instance`,
          this.configuredInstances,
          awaiting,
        );
      }
      return found;
    };
    const found = await this.withOneMoreLook(
      lookUp,
      () => this.configuredInstances,
    ).catch(error => {
      if (error instanceof ApplicationNotKnownError) return [];
      throw error;
    });
    const maxTimeoutMs = this.options.config.expectations.maxTimeoutMs;
    const timeoutMs =
      task.timeout && task.timeout > 0
        ? Math.min(task.timeout * 1000, maxTimeoutMs)
        : this.options.config.expectations.defaultTimeoutMs;
    const details = {
      author: task.author,
      createdBy: caller,
      compat: {
        argoWatcher: { project: task.project, images: task.postedImages },
      },
    };
    if (found.length === 0) {
      await input.authorize(undefined);
      const record = newExpectationRecord({
        targets: [{ instance: '', namespace: '', name: task.app }],
        images: task.images,
        timeoutMs,
        now: this.now(),
        details,
      });
      return this.options.expectations.createFailed(record, {
        reason: 'app-not-found',
        message: `Application "${task.app}" is not in any Argo CD instance`,
      });
    }
    if (found.length > 1) {
      throw new InputError(
        `Application "${task.app}" exists in ${found
          .map(a => `${a.instance}/${a.namespace}`)
          .join(', ')}: use Argo Pulse's own API to choose one`,
      );
    }
    const [application] = found;
    const entityRef = await entityOfApplication({
      catalog: this.options.catalog,
      credentials: input.credentials,
      application,
    });
    await input.authorize(entityRef);
    const target = {
      instance: application.instance,
      namespace: application.namespace,
      name: application.name,
    };
    const { record } = await this.options.expectations.create(
      newExpectationRecord({
        entityRef,
        targets: [target],
        images: task.images,
        timeoutMs,
        now: this.now(),
        details,
      }),
    );
    return record;
  }

  /** Runs `look`; when it finds the application unknown, polls the instances it names and looks once more. */
  private async withOneMoreLook<T>(
    look: () => Promise<T>,
    instancesOf: (error: ApplicationNotKnownError) => string[],
  ): Promise<T> {
    try {
      return await look();
    } catch (error) {
      if (
        !(error instanceof ApplicationNotKnownError) ||
        !this.options.refreshInstances
      )
        throw error;
      await this.options.refreshInstances(instancesOf(error));
      return look();
    }
  }
}
