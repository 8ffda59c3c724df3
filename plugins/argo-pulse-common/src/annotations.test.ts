import { describe, expect, it } from 'vitest';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_APPLICATIONSET_ANNOTATION,
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
    [
      'a selector longer than Argo Pulse reads',
      { [ARGOCD_APP_SELECTOR_ANNOTATION]: `app in (${'a,'.repeat(134_000)}b)` },
      ['argocd/app-selector', '268,010 characters long', 'at most 4,096'],
    ],
    [
      'an app-name listing more names than Argo Pulse reads',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: Array.from(
          { length: 101 },
          (_, i) => `app-${i}`,
        ).join(','),
      },
      [
        'argocd/app-name',
        'lists 101 names',
        'at most 100',
        'argocd/app-selector',
      ],
    ],
    [
      'an instance-name longer than Argo Pulse reads, beside a valid app-name',
      {
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
        [ARGOCD_INSTANCE_NAME_ANNOTATION]: 'x'.repeat(5000),
      },
      ['argocd/instance-name', '5,000 characters long'],
    ],
  ])('answers invalid for %s', (_title, annotations, mentions) => {
    const result = readArgoPulseTarget(entity(annotations));
    expect(result.kind).toBe('invalid');
    const problem = result.kind === 'invalid' ? result.problem : '';
    for (const mention of mentions) {
      expect(problem).toContain(mention);
    }
  });

  it('reads an app-name of 100 names and a selector of 4,096 characters', () => {
    const names = Array.from({ length: 100 }, (_, i) => `app-${i}`);
    expect(
      readArgoPulseTarget(
        entity({ [ARGOCD_APP_NAME_ANNOTATION]: names.join(',') }),
      ),
    ).toEqual({ kind: 'target', target: { appNames: names } });
    const selector = `app=${'a'.repeat(59)},${Array.from(
      { length: 63 },
      (_, i) => `k${String(i).padStart(2, '0')}=${'v'.repeat(58)}`,
    ).join(',')}`;
    expect(selector.length).toBeLessThanOrEqual(4096);
    expect(
      readArgoPulseTarget(
        entity({ [ARGOCD_APP_SELECTOR_ANNOTATION]: selector }),
      ).kind,
    ).toBe('target');
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

describe('argocd/applicationset', () => {
  it('selects the applications an ApplicationSet generated, by the label Argo CD gives them', () => {
    expect(
      readArgoPulseTarget(
        entity({ [ARGOCD_APPLICATIONSET_ANNOTATION]: ' payments-api ' }),
      ),
    ).toEqual({
      kind: 'target',
      target: {
        applicationSets: ['payments-api'],
        appSelector: 'argocd.argoproj.io/application-set-name=payments-api',
      },
    });
    expect(
      readArgoPulseTarget(
        entity({
          [ARGOCD_APPLICATIONSET_ANNOTATION]: 'payments-api, payments-jobs',
          [ARGOCD_INSTANCE_NAME_ANNOTATION]: 'prod',
        }),
      ),
    ).toEqual({
      kind: 'target',
      target: {
        applicationSets: ['payments-api', 'payments-jobs'],
        appSelector:
          'argocd.argoproj.io/application-set-name in (payments-api,payments-jobs)',
        instances: ['prod'],
      },
    });
  });

  it.each([
    [
      {
        [ARGOCD_APPLICATIONSET_ANNOTATION]: 'shop',
        [ARGOCD_APP_NAME_ANNOTATION]: 'shop',
      },
      'Annotations "argocd/app-name" and "argocd/applicationset" cannot both be set; use one of them.',
    ],
    [
      { [ARGOCD_APPLICATIONSET_ANNOTATION]: 'shop, a b' },
      'Annotation "argocd/applicationset" names "a b", which is not an ApplicationSet name (letters, digits, "-", "_" and ".", at most 63).',
    ],
    [
      { [ARGOCD_APPLICATIONSET_ANNOTATION]: ' , ' },
      'Annotation "argocd/applicationset" names no ApplicationSet: ",".',
    ],
  ])('explains a wrong annotation: %j', (annotations, problem) => {
    expect(readArgoPulseTarget(entity(annotations))).toEqual({
      kind: 'invalid',
      problem,
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
    ['an applicationset', { [ARGOCD_APPLICATIONSET_ANNOTATION]: 'shop' }, true],
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
