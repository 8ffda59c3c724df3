import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { argoPulseInstanceReadPermission } from '@argo-pulse/backstage-plugin-common';
import { DemoPermissionPolicy, PLATFORM_GROUP } from './demoPermissionPolicy';

const userIn = (...groups: string[]) =>
  ({
    info: {
      userEntityRef: 'user:default/someone',
      ownershipEntityRefs: ['user:default/someone', ...groups],
    },
  } as unknown as PolicyQueryUser);

describe("the demo's policy", () => {
  it.each([
    [
      'a member of the platform team',
      userIn('group:default/team-payments', PLATFORM_GROUP),
      AuthorizeResult.ALLOW,
    ],
    [
      'a member of another team only',
      userIn('group:default/team-storefront'),
      AuthorizeResult.DENY,
    ],
    ['nobody signed in', undefined, AuthorizeResult.DENY],
  ])('shows the Argo CD instances to %s: %s', async (_who, user, result) => {
    const decision = await new DemoPermissionPolicy().handle(
      { permission: argoPulseInstanceReadPermission },
      user,
    );
    expect(decision.result).toBe(result);
  });
});
