import { describe, expect, it } from 'vitest';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ARGOCD_PROJECT_NAME_ANNOTATION,
  ArgoPulseEntityTarget,
  isArgoPulseAvailable,
  readArgoPulseTarget,
} from './annotations';

function entity(annotations?: Record<string, string>) {
  return { metadata: annotations ? { annotations } : {} };
}

describe('annotation names', () => {
  it.each([
    [ARGOCD_APP_NAME_ANNOTATION, 'argocd/app-name'],
    [ARGOCD_APP_SELECTOR_ANNOTATION, 'argocd/app-selector'],
    [ARGOCD_INSTANCE_NAME_ANNOTATION, 'argocd/instance-name'],
    [ARGOCD_PROJECT_NAME_ANNOTATION, 'argocd/project-name'],
    [ARGOCD_APP_NAMESPACE_ANNOTATION, 'argocd/app-namespace'],
  ])('%s stays compatible with the other Argo CD plugins', (constant, name) => {
    expect(constant).toBe(name);
  });
});

describe('readArgoPulseTarget', () => {
  it.each<[string, Record<string, string> | undefined]>([
    ['no annotations at all', undefined],
    ['unrelated annotations', { 'backstage.io/techdocs-ref': 'dir:.' }],
    ['only an instance', { [ARGOCD_INSTANCE_NAME_ANNOTATION]: 'prod' }],
    ['a blank app-name', { [ARGOCD_APP_NAME_ANNOTATION]: '  ' }],
    ['a blank app-selector', { [ARGOCD_APP_SELECTOR_ANNOTATION]: '' }],
  ])('answers none for %s', (_title, annotations) => {
    expect(readArgoPulseTarget(entity(annotations))).toEqual({ kind: 'none' });
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'both app-name and app-selector',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_APP_SELECTOR_ANNOTATION]: 'app=shop',
      },
      ['argocd/app-name', 'argocd/app-selector'],
    ],
    [
      'a selector that does not parse',
      { [ARGOCD_APP_SELECTOR_ANNOTATION]: 'app in (shop' },
      ['argocd/app-selector', 'app in (shop', "expected ',' or ')'"],
    ],
    [
      'an app-name without names',
      { [ARGOCD_APP_NAME_ANNOTATION]: ' , ,' },
      ['argocd/app-name'],
    ],
  ])('answers invalid for %s', (_title, annotations, mentions) => {
    const result = readArgoPulseTarget(entity(annotations));
    expect(result.kind).toBe('invalid');
    const problem = result.kind === 'invalid' ? result.problem : '';
    for (const mention of mentions) {
      expect(problem).toContain(mention);
    }
  });

  it.each<[string, Record<string, string>, ArgoPulseEntityTarget]>([
    [
      'one name',
      { [ARGOCD_APP_NAME_ANNOTATION]: 'shop' },
      { appNames: ['shop'] },
    ],
    [
      'names split and trimmed',
      { [ARGOCD_APP_NAME_ANNOTATION]: ' shop-eu , shop-us,,shop-ap ' },
      { appNames: ['shop-eu', 'shop-us', 'shop-ap'] },
    ],
    [
      'a selector, trimmed',
      {
        [ARGOCD_APP_SELECTOR_ANNOTATION]:
          '  app.kubernetes.io/part-of=shop, tier in (web) ',
      },
      { appSelector: 'app.kubernetes.io/part-of=shop, tier in (web)' },
    ],
    [
      'an instance list',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_INSTANCE_NAME_ANNOTATION]: 'prod-eu, prod-us,',
      },
      { appNames: ['shop'], instances: ['prod-eu', 'prod-us'] },
    ],
    [
      'a blank instance list',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_INSTANCE_NAME_ANNOTATION]: ' , ',
      },
      { appNames: ['shop'] },
    ],
    [
      'a project',
      {
        [ARGOCD_APP_SELECTOR_ANNOTATION]: 'team=a',
        [ARGOCD_PROJECT_NAME_ANNOTATION]: ' payments ',
      },
      { appSelector: 'team=a', project: 'payments' },
    ],
    [
      'a namespace',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_APP_NAMESPACE_ANNOTATION]: 'team-a ',
      },
      { appNames: ['shop'], namespace: 'team-a' },
    ],
    [
      'everything',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_INSTANCE_NAME_ANNOTATION]: 'prod',
        [ARGOCD_PROJECT_NAME_ANNOTATION]: 'payments',
        [ARGOCD_APP_NAMESPACE_ANNOTATION]: 'team-a',
      },
      {
        appNames: ['shop'],
        instances: ['prod'],
        project: 'payments',
        namespace: 'team-a',
      },
    ],
    [
      'a blank project and namespace',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_PROJECT_NAME_ANNOTATION]: ' ',
        [ARGOCD_APP_NAMESPACE_ANNOTATION]: '',
      },
      { appNames: ['shop'] },
    ],
  ])('reads %s', (_title, annotations, target) => {
    expect(readArgoPulseTarget(entity(annotations))).toEqual({
      kind: 'target',
      target,
    });
  });
});

describe('isArgoPulseAvailable', () => {
  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['no annotations', undefined, false],
    ['only a project', { [ARGOCD_PROJECT_NAME_ANNOTATION]: 'payments' }, false],
    ['a blank app-name', { [ARGOCD_APP_NAME_ANNOTATION]: ' ' }, false],
    ['an app-name', { [ARGOCD_APP_NAME_ANNOTATION]: 'shop' }, true],
    ['an app-selector', { [ARGOCD_APP_SELECTOR_ANNOTATION]: 'app=shop' }, true],
    // Available, so the card shows the misconfiguration instead of hiding.
    [
      'both (a misconfiguration)',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_APP_SELECTOR_ANNOTATION]: 'app=shop',
      },
      true,
    ],
  ])('answers for %s', (_title, annotations, available) => {
    expect(isArgoPulseAvailable(entity(annotations))).toBe(available);
  });
});
