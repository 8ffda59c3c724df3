// Kubernetes label selectors in their string form (`kubectl -l`, Argo CD's
// `selector` query parameter). The backend evaluates an entity's
// `argocd/app-selector` against stored application labels without calling
// Argo CD, so parsing and matching must agree with Kubernetes.

import { labelKeyProblem, labelValueProblem } from './labelSyntax';
import {
  LabelSelectorToken,
  tokenizeLabelSelector,
} from './labelSelectorTokens';

/**
 * How a requirement compares a label with its values.
 *
 * @public
 */
export type LabelSelectorOperator =
  | 'Equals'
  | 'NotEquals'
  | 'In'
  | 'NotIn'
  | 'Exists'
  | 'DoesNotExist';

/**
 * One condition of a selector. `values` holds one value for `Equals` and
 * `NotEquals`, one or more for `In` and `NotIn`, none for `Exists` and
 * `DoesNotExist`.
 *
 * @public
 */
export interface LabelSelectorRequirement {
  /** The label key, such as `app.kubernetes.io/part-of`. */
  key: string;
  /** How the label is compared with `values`. */
  operator: LabelSelectorOperator;
  /** The values to compare with, without duplicates. */
  values: string[];
}

/**
 * A parsed selector: all requirements must hold. No requirements (the empty
 * selector) matches everything.
 *
 * @public
 */
export interface LabelSelector {
  /** The requirements, in the order the selector text gives them. */
  requirements: LabelSelectorRequirement[];
}

/**
 * Thrown when selector text does not parse; the message quotes the selector
 * and says what is wrong and at which column.
 *
 * @public
 */
export class InvalidLabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLabelSelectorError';
  }
}

const KEYWORDS = new Set(['in', 'notin']);

/** Reads tokens one by one and reports problems with their position. */
class SelectorReader {
  private readonly tokens: LabelSelectorToken[];
  private index = 0;

  constructor(private readonly selector: string) {
    this.tokens = tokenizeLabelSelector(selector);
  }

  peek(): LabelSelectorToken {
    return this.tokens[this.index]!;
  }

  next(): LabelSelectorToken {
    const token = this.tokens[this.index]!;
    // The final `end` token is never consumed, so peeking stays safe.
    if (token.kind !== 'end') {
      this.index += 1;
    }
    return token;
  }

  fail(token: LabelSelectorToken, problem: string): never {
    const found = describeToken(token);
    throw new InvalidLabelSelectorError(
      `Invalid label selector "${
        this.selector
      }": ${problem}, but found ${found} at column ${token.start + 1}`,
    );
  }

  failSyntax(token: LabelSelectorToken, problem: string): never {
    throw new InvalidLabelSelectorError(
      `Invalid label selector "${this.selector}": ${problem} (at column ${
        token.start + 1
      })`,
    );
  }
}

function describeToken(token: LabelSelectorToken): string {
  return token.kind === 'end' ? 'the end of the selector' : `'${token.text}'`;
}

function readKey(reader: SelectorReader): string {
  const token = reader.next();
  if (token.kind !== 'word') {
    return reader.fail(token, "expected a label key or '!'");
  }
  // Kubernetes refuses the operator keywords as keys; doing the same keeps
  // `in (a)` an error rather than an odd "label `in` exists".
  if (KEYWORDS.has(token.text)) {
    return reader.fail(token, 'expected a label key');
  }
  const problem = labelKeyProblem(token.text);
  if (problem) {
    return reader.failSyntax(token, problem);
  }
  return token.text;
}

function readValue(reader: SelectorReader, token: LabelSelectorToken): string {
  const problem = labelValueProblem(token.text);
  if (problem) {
    return reader.failSyntax(token, problem);
  }
  return token.text;
}

/** The value after `=`, `==` or `!=`; nothing before `,` or the end means ''. */
function readSingleValue(reader: SelectorReader): string {
  const token = reader.peek();
  if (token.kind === ',' || token.kind === 'end') {
    return '';
  }
  if (token.kind !== 'word') {
    return reader.fail(token, 'expected a value');
  }
  return readValue(reader, reader.next());
}

/**
 * The parenthesised list after `in` or `notin`. As in Kubernetes, an empty
 * item (`()` or `(a,)`) stands for the empty value.
 */
function readValueList(reader: SelectorReader): string[] {
  const open = reader.next();
  if (open.kind !== '(') {
    return reader.fail(open, "expected '(' after 'in' or 'notin'");
  }
  const values = new Set<string>();
  let current: string | undefined;
  for (;;) {
    const token = reader.next();
    if (token.kind === 'word' && current === undefined) {
      current = readValue(reader, token);
    } else if (token.kind === ',' || token.kind === ')') {
      values.add(current ?? '');
      current = undefined;
      if (token.kind === ')') {
        return [...values];
      }
    } else {
      return reader.fail(
        token,
        current === undefined
          ? "expected a value, ',' or ')'"
          : "expected ',' or ')'",
      );
    }
  }
}

function readRequirement(reader: SelectorReader): LabelSelectorRequirement {
  if (reader.peek().kind === '!') {
    reader.next();
    return { key: readKey(reader), operator: 'DoesNotExist', values: [] };
  }
  const key = readKey(reader);
  const token = reader.peek();
  switch (token.kind) {
    case ',':
    case 'end':
      return { key, operator: 'Exists', values: [] };
    case '=':
    case '==':
      reader.next();
      return { key, operator: 'Equals', values: [readSingleValue(reader)] };
    case '!=':
      reader.next();
      return { key, operator: 'NotEquals', values: [readSingleValue(reader)] };
    case 'unsupported':
      return reader.failSyntax(
        token,
        `the '${token.text}' operator is not supported (use =, ==, !=, in, notin, key or !key)`,
      );
    default:
      break;
  }
  if (token.kind === 'word' && KEYWORDS.has(token.text)) {
    reader.next();
    return {
      key,
      operator: token.text === 'in' ? 'In' : 'NotIn',
      values: readValueList(reader),
    };
  }
  return reader.fail(
    token,
    `expected an operator (=, ==, !=, in, notin), ',' or the end after key '${key}'`,
  );
}

/**
 * Parses a label selector such as `app.kubernetes.io/part-of=shop,tier in (web,api),!legacy`.
 * Whitespace around tokens is ignored; empty text gives a selector with no
 * requirements.
 *
 * @throws {@link InvalidLabelSelectorError} when the text does not parse.
 * @public
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const reader = new SelectorReader(selector);
  const requirements: LabelSelectorRequirement[] = [];
  if (reader.peek().kind === 'end') {
    return { requirements };
  }
  for (;;) {
    requirements.push(readRequirement(reader));
    const separator = reader.next();
    if (separator.kind === 'end') {
      return { requirements };
    }
    if (separator.kind !== ',') {
      reader.fail(separator, "expected ',' or the end of the selector");
    }
    // Kubernetes rejects a trailing comma; an empty requirement is more
    // likely a typo than an intent.
    if (reader.peek().kind === 'end') {
      reader.fail(reader.peek(), "expected a requirement after ','");
    }
  }
}

/** A requirement as a test of labels; its values in a set, so a long `in (…)` list costs one lookup. */
function requirementTest(
  requirement: LabelSelectorRequirement,
): (labels: Record<string, string>) => boolean {
  const { key, operator } = requirement;
  const values = new Set(requirement.values);
  // `Object.hasOwn`, not `key in labels`: a label named `constructor` must
  // not be found on the prototype.
  switch (operator) {
    case 'Exists':
      return labels => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      return labels => !Object.hasOwn(labels, key);
    case 'Equals':
    case 'In':
      return labels => Object.hasOwn(labels, key) && values.has(labels[key]);
    case 'NotEquals':
    case 'NotIn':
      // As in Kubernetes, an absent label is "not equal" to any value.
      return labels => !Object.hasOwn(labels, key) || !values.has(labels[key]);
    default: {
      const unknown: never = operator;
      throw new Error(`Unknown label selector operator ${String(unknown)}`);
    }
  }
}

/**
 * A parsed selector as a function of labels, for matching many label sets
 * against one selector: the work of reading its requirements is done once.
 * Missing labels are treated as an empty set.
 *
 * @public
 */
export function compileLabelSelector(
  selector: LabelSelector,
): (labels: Record<string, string> | undefined) => boolean {
  const tests = selector.requirements.map(requirementTest);
  return labels => {
    const actual = labels ?? {};
    return tests.every(test => test(actual));
  };
}

/**
 * Whether `labels` satisfy every requirement of `selector`. Missing labels
 * are treated as an empty set.
 *
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return compileLabelSelector(selector)(labels);
}

/**
 * Parses `selector` and tells whether `labels` satisfy it: a shortcut for
 * {@link parseLabelSelector} then {@link matchesLabelSelector}.
 *
 * @throws {@link InvalidLabelSelectorError} when the selector does not parse.
 * @public
 */
export function labelsMatch(
  selector: string,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabelSelector(parseLabelSelector(selector), labels);
}
