// Generated request bodies that are each wrong in at least one way, full of NUL and other
// control characters, lone surrogates, huge strings and wrong types: for the fuzz test, which
// expects every one of them to be refused with a 4xx and a message, and nothing stored.
import fc from 'fast-check';

/** Characters that break naive storage and parsing: NUL, C0 controls, DEL, separators, a lone surrogate. */
const NASTY = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\n',
  '\r',
  '\t',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ud800',
  '\ufeff',
  ' ',
];

/** Text with nasty characters in it, or any code points at all, or far too long. */
export const hostileText = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...NASTY, 'a', 'Z', '0', ':', '/', '@', '.', '-'),
    maxLength: 40,
  }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1100, maxLength: 1200 }),
);

/** Text that is certainly not an image reference: a nasty character inside. */
const badImage = fc
  .tuple(hostileText, fc.constantFrom(...NASTY), hostileText)
  .map(([a, nasty, b]) => `${a}${nasty}${b}`);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const notAnObject = anyJson.filter(
  value => value === null || typeof value !== 'object' || Array.isArray(value),
);

/** A valid expectation body for the fault suite's `prod/orders`, with NUL in the free-text fields (which are accepted, cleaned). */
const validBase = fc.record({
  application: fc.constant({ instance: 'prod', name: 'orders' }),
  images: fc.constant(['ghcr.io/acme/orders:2.0.0']),
  author: fc.option(
    hostileText.filter(t => t.length < 1000),
    { nil: undefined },
  ),
  revision: fc.option(fc.constant('abc\u0000123'), { nil: undefined }),
});

const EXPECTATION_FIELDS = [
  'entityRef',
  'instances',
  'application',
  'images',
  'timeoutSeconds',
  'revision',
  'author',
  'runUrl',
];

/** `POST /expectations` bodies, each invalid. */
export const invalidExpectationBodies = fc.oneof(
  notAnObject,
  // An unknown field (the schema is strict).
  fc
    .tuple(
      validBase,
      fc.dictionary(
        hostileText.filter(
          k => !EXPECTATION_FIELDS.includes(k) && k !== '__proto__',
        ),
        anyJson,
        { minKeys: 1, maxKeys: 3 },
      ),
    )
    .map(([base, extra]) => ({ ...base, ...extra })),
  // Images: none, not a list, or one that is no reference.
  fc
    .tuple(
      validBase,
      fc.oneof(
        fc.constant([]),
        notAnObject,
        fc.array(badImage, { minLength: 1, maxLength: 3 }),
        fc.array(
          anyJson.filter(v => typeof v !== 'string'),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    )
    .map(([base, images]) => ({ ...base, images })),
  // A timeout that is no whole number of seconds in range.
  fc
    .tuple(
      validBase,
      fc.oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 86_401 }),
        fc.double({ noInteger: true }),
        hostileText,
        fc.constant(null),
        fc.boolean(),
      ),
    )
    .map(([base, timeoutSeconds]) => ({ ...base, timeoutSeconds })),
  // No target at all, or instances without an entity.
  fc
    .tuple(
      validBase,
      fc.option(fc.array(hostileText, { minLength: 1, maxLength: 2 }), {
        nil: undefined,
      }),
    )
    .map(([{ application: _none, ...base }, instances]) => ({
      ...base,
      ...(instances ? { instances } : {}),
    })),
  // An application that is not {instance, name, namespace?} of text.
  fc
    .tuple(
      validBase,
      fc.oneof(
        notAnObject,
        fc.record({ instance: fc.constant('prod') }),
        fc.record({
          instance: anyJson.filter(v => typeof v !== 'string'),
          name: hostileText,
        }),
        fc.record({ instance: fc.constant(' '), name: fc.constant('orders') }),
        fc.record({
          instance: fc.constant('prod'),
          name: fc.constant('orders'),
          cluster: hostileText,
        }),
      ),
    )
    .map(([base, application]) => ({ ...base, application })),
  // A run URL that is no http(s) URL.
  fc
    .tuple(
      validBase,
      fc.constantFrom(
        'ftp://ci.example.com/',
        'javascript:alert(1)',
        'http//ci',
        'ci.example.com/run',
      ),
      hostileText,
    )
    .map(([base, prefix, rest]) => ({
      ...base,
      runUrl: `${prefix}${rest}`.trim() || 'x',
    })),
  // Free text of the wrong type.
  fc
    .tuple(
      validBase,
      fc.constantFrom('author', 'revision', 'entityRef'),
      anyJson.filter(v => typeof v !== 'string' && v !== null),
    )
    .map(([base, key, value]) => ({ ...base, [key]: value })),
);

/** argo-watcher `POST /api/v1/tasks` bodies, each invalid. */
export const invalidTaskBodies = fc.oneof(
  notAnObject,
  fc
    .tuple(
      fc.record({
        app: fc.constant('orders'),
        author: hostileText,
        project: fc.constant('acme'),
        images: fc.constant([{ image: 'ghcr.io/acme/orders', tag: '2.0.0' }]),
      }),
      fc.constantFrom('app', 'author', 'project', 'images'),
      fc.oneof(
        fc.constant(undefined),
        fc.constant(''),
        fc.constant('   '),
        fc.constant([]),
        anyJson.filter(v => typeof v !== 'string' && !Array.isArray(v)),
      ),
    )
    .map(([base, key, value]) => ({ ...base, [key]: value })),
);

/** Text that is not JSON at all, sent as JSON. */
export const notJson = fc
  .tuple(fc.constantFrom('{', '[', '{"images":', 'nul', '"'), hostileText)
  .map(([start, rest]) => `${start}${rest}`);
