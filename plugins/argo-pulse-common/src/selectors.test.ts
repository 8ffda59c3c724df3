import { describe, expect, it } from 'vitest';
import {
  InvalidLabelSelectorError,
  LabelSelectorRequirement,
  labelsMatch,
  matchesLabelSelector,
  parseLabelSelector,
} from './selectors';

describe('parseLabelSelector', () => {
  it.each<[string, LabelSelectorRequirement[]]>([
    ['', []],
    ['   ', []],
    ['app=web', [{ key: 'app', operator: 'Equals', values: ['web'] }]],
    ['app==web', [{ key: 'app', operator: 'Equals', values: ['web'] }]],
    ['app!=web', [{ key: 'app', operator: 'NotEquals', values: ['web'] }]],
    ['app=', [{ key: 'app', operator: 'Equals', values: [''] }]],
    ['app!=', [{ key: 'app', operator: 'NotEquals', values: [''] }]],
    [
      'tier in (web,api)',
      [{ key: 'tier', operator: 'In', values: ['web', 'api'] }],
    ],
    [
      'tier notin (web,api)',
      [{ key: 'tier', operator: 'NotIn', values: ['web', 'api'] }],
    ],
    ['tier in (web, web)', [{ key: 'tier', operator: 'In', values: ['web'] }]],
    ['tier in ()', [{ key: 'tier', operator: 'In', values: [''] }]],
    ['canary', [{ key: 'canary', operator: 'Exists', values: [] }]],
    ['!legacy', [{ key: 'legacy', operator: 'DoesNotExist', values: [] }]],
    ['app=in', [{ key: 'app', operator: 'Equals', values: ['in'] }]],
    [
      'app.kubernetes.io/name=shop',
      [{ key: 'app.kubernetes.io/name', operator: 'Equals', values: ['shop'] }],
    ],
    [
      '  app = web ,tier  in(  a , b ) ,  ! legacy ,canary,x!=y ',
      [
        { key: 'app', operator: 'Equals', values: ['web'] },
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
        { key: 'canary', operator: 'Exists', values: [] },
        { key: 'x', operator: 'NotEquals', values: ['y'] },
      ],
    ],
    [
      'env=,team=a',
      [
        { key: 'env', operator: 'Equals', values: [''] },
        { key: 'team', operator: 'Equals', values: ['a'] },
      ],
    ],
  ])('parses %s', (selector, requirements) => {
    expect(parseLabelSelector(selector)).toEqual({ requirements });
  });

  it.each<[string, string]>([
    [
      'key in (a',
      "expected ',' or ')', but found the end of the selector at column 10",
    ],
    ['in (a)', "expected a label key, but found 'in' at column 1"],
    ['=x', "expected a label key or '!', but found '=' at column 1"],
    [
      'key notin a',
      "expected '(' after 'in' or 'notin', but found 'a' at column 11",
    ],
    [
      'a=b=c',
      "expected ',' or the end of the selector, but found '=' at column 4",
    ],
    [
      'a=b,',
      "expected a requirement after ',', but found the end of the selector at column 5",
    ],
    [',a', "expected a label key or '!', but found ',' at column 1"],
    [
      'a b',
      "expected an operator (=, ==, !=, in, notin), ',' or the end after key 'a', but found 'b'",
    ],
    ['a in (b c)', "expected ',' or ')', but found 'c' at column 9"],
    ['a = (b)', "expected a value, but found '(' at column 5"],
    ['!a=b', "expected ',' or the end of the selector, but found '='"],
    ['a>1', "the '>' operator is not supported"],
    ['-bad=x', 'label key "-bad" is not a valid name'],
    ['Bad.Prefix/x=y', 'has an invalid prefix "Bad.Prefix"'],
    ['a/b/c', "has more than one '/'"],
    ['prefix/=x', 'label key "prefix/" has an empty name'],
    [`a=${'v'.repeat(64)}`, 'is not valid (at most 63'],
    ['a=b!', "expected ',' or the end of the selector, but found '!'"],
  ])('rejects %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(
      InvalidLabelSelectorError,
    );
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it('quotes the selector in the message', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(
      'Invalid label selector "a=b=c": ',
    );
  });
});

describe('labelsMatch', () => {
  const labels = {
    app: 'web',
    tier: 'frontend',
    'app.kubernetes.io/name': 'shop',
    empty: '',
  };

  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app=api', labels, false],
    ['app==web', labels, true],
    ['missing=web', labels, false],
    ['app!=api', labels, true],
    ['app!=web', labels, false],
    ['missing!=web', labels, true],
    ['tier in (frontend,backend)', labels, true],
    ['tier in (backend)', labels, false],
    ['missing in (a)', labels, false],
    ['tier notin (backend)', labels, true],
    ['tier notin (frontend)', labels, false],
    ['missing notin (a)', labels, true],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['empty=', labels, true],
    ['missing=', labels, false],
    ['empty', labels, true],
    ['app.kubernetes.io/name=shop', labels, true],
    ['app.kubernetes.io/name=other', labels, false],
    ['app=web,tier=frontend', labels, true],
    ['app=web,tier=backend', labels, false],
    ['app=web', undefined, false],
    ['app!=web', undefined, true],
    ['!app', undefined, true],
    ['app notin (web)', undefined, true],
    ['constructor', {}, false],
    ['!toString', {}, true],
  ])('%s against %s is %s', (selector, actual, expected) => {
    expect(labelsMatch(selector, actual)).toBe(expected);
  });

  it('throws for a selector that does not parse', () => {
    expect(() => labelsMatch('key in (a', labels)).toThrow(
      InvalidLabelSelectorError,
    );
  });
});

describe('matchesLabelSelector', () => {
  it.each<[string, LabelSelectorRequirement[], boolean]>([
    ['no requirements', [], true],
    [
      'every requirement holding',
      [
        { key: 'a', operator: 'Exists', values: [] },
        { key: 'b', operator: 'In', values: ['1', '2'] },
      ],
      true,
    ],
    [
      'one requirement failing',
      [
        { key: 'a', operator: 'Exists', values: [] },
        { key: 'b', operator: 'Equals', values: ['3'] },
      ],
      false,
    ],
  ])(
    'accepts a hand-built selector with %s',
    (_title, requirements, expected) => {
      expect(matchesLabelSelector({ requirements }, { a: 'x', b: '2' })).toBe(
        expected,
      );
    },
  );
});
