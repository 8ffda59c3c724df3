import type {
  ArgoCdApplicationTree,
  ArgoPulseResource,
} from '@argo-pulse/backstage-plugin-common';
import { firstUnhealthyResource } from './unhealthyResource';

const deployment: ArgoPulseResource = {
  group: 'apps',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
  health: {
    status: 'Degraded',
    message: 'Deployment "web" exceeded its progress deadline',
  },
};
const service: ArgoPulseResource = {
  kind: 'Service',
  namespace: 'shop',
  name: 'web',
  health: { status: 'Healthy' },
};
const missingConfig: ArgoPulseResource = {
  kind: 'ConfigMap',
  namespace: 'shop',
  name: 'web-config',
  health: { status: 'Missing' },
};

const tree = (
  ...pods: Array<{
    name: string;
    status: string;
    message?: string;
    reason?: string;
  }>
): ArgoCdApplicationTree => ({
  nodes: pods.map(p => ({
    kind: 'Pod',
    version: 'v1',
    namespace: 'shop',
    name: p.name,
    health: { status: p.status, ...(p.message ? { message: p.message } : {}) },
    ...(p.reason ? { info: [{ name: 'Status Reason', value: p.reason }] } : {}),
  })),
});

describe('firstUnhealthyResource', () => {
  it.each([
    [
      'a Healthy application, whatever its resources say',
      'Healthy',
      [deployment],
      undefined,
      undefined,
    ],
    [
      'a Progressing application',
      'Progressing',
      [deployment],
      undefined,
      undefined,
    ],
    [
      'a Degraded application with a failing pod: the pod, with its status reason',
      'Degraded',
      [deployment, service],
      tree(
        { name: 'web-1', status: 'Healthy' },
        {
          name: 'web-2',
          status: 'Degraded',
          message: 'Back-off pulling image "web:2"',
          reason: 'ImagePullBackOff',
        },
      ),
      {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-2',
        status: 'Degraded',
        message: 'Back-off pulling image "web:2"',
        reason: 'ImagePullBackOff',
      },
    ],
    [
      'several failing pods: the first that says why',
      'Degraded',
      [deployment],
      tree(
        { name: 'web-2', status: 'Degraded' },
        {
          name: 'web-3',
          status: 'Degraded',
          message: 'CrashLoopBackOff',
          reason: 'Error',
        },
      ),
      {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-3',
        status: 'Degraded',
        message: 'CrashLoopBackOff',
        reason: 'Error',
      },
    ],
    [
      'no tree (not read yet): the managed resource',
      'Degraded',
      [service, deployment],
      undefined,
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        status: 'Degraded',
        message: 'Deployment "web" exceeded its progress deadline',
      },
    ],
    [
      'a Missing application: the missing resource',
      'Missing',
      [service, missingConfig],
      tree(),
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'web-config',
        status: 'Missing',
      },
    ],
    [
      'Degraded, but nothing says why',
      'Degraded',
      [service],
      tree(),
      undefined,
    ],
  ])('%s', (_case, health, resources, resourceTree, expected) => {
    expect(firstUnhealthyResource(health, resources, resourceTree)).toEqual(
      expected,
    );
  });
});
