/**
 * ApplicationSets as Argo Pulse reports them: the set an entity's generated
 * applications belong to, its health (Argo CD 3.4+) and, for a progressive
 * sync (`strategy.type: RollingSync`), the step each application is in.
 */

/**
 * One application an ApplicationSet generated, as the ApplicationSet's status reports it.
 *
 * @public
 */
export interface ArgoPulseApplicationSetApplication {
  /** The application's name. */
  name: string;
  /** Progressive sync: the step (1-based) in which it is updated. */
  step?: number;
  /** Progressive sync: Waiting, Pending, Progressing or Healthy. */
  status?: string;
  /** The ApplicationSet controller's message about it. */
  message?: string;
}

/**
 * An ApplicationSet in one Argo CD instance, as of Argo Pulse's last read.
 *
 * @public
 */
export interface ArgoPulseApplicationSet {
  /** The Argo CD instance it lives in. */
  instance: string;
  /** The ApplicationSet's namespace. */
  namespace: string;
  /** Its name: the `argocd.argoproj.io/application-set-name` of the applications it generates. */
  name: string;
  /** Its health, when Argo CD reports it (3.4+): the worst of its applications'. */
  health?: { status: string; message?: string };
  /** Progressive sync: how many steps its rolling sync has; absent when it syncs all at once. */
  steps?: number;
  /** The applications it generated, in the order Argo CD lists them. */
  applications: ArgoPulseApplicationSetApplication[];
  /** When Argo Pulse last read it. */
  observedAt: string;
}
