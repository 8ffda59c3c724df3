// Splits label selector text into tokens. It never fails: characters the
// parser does not accept become tokens too, so the parser can report them
// with their position in one place.

/** The kinds of token a label selector is made of. */
export type LabelSelectorTokenKind =
  | 'word'
  | '!'
  | '='
  | '=='
  | '!='
  | ','
  | '('
  | ')'
  // Kubernetes also knows `<` and `>` (numeric comparisons); Argo Pulse's
  // operator set does not, so they are kept only to be rejected by name.
  | 'unsupported'
  | 'end';

/** One token and the index of its first character in the selector text. */
export interface LabelSelectorToken {
  kind: LabelSelectorTokenKind;
  text: string;
  start: number;
}

// Every character that ends a word. A word is anything else, as in
// Kubernetes: key and value syntax is checked after parsing, with a message
// that says which rule was broken instead of "unexpected character".
const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** Splits `selector` into tokens, always ending with one `end` token. */
export function tokenizeLabelSelector(selector: string): LabelSelectorToken[] {
  const tokens: LabelSelectorToken[] = [];
  let i = 0;
  while (i < selector.length) {
    const char = selector[i]!;
    if (WHITESPACE.has(char)) {
      i += 1;
      continue;
    }
    const pair = selector.slice(i, i + 2);
    if (pair === '!=' || pair === '==') {
      tokens.push({ kind: pair, text: pair, start: i });
      i += 2;
      continue;
    }
    if (char === '<' || char === '>') {
      tokens.push({ kind: 'unsupported', text: char, start: i });
      i += 1;
      continue;
    }
    if (SPECIAL.has(char)) {
      tokens.push({
        kind: char as LabelSelectorTokenKind,
        text: char,
        start: i,
      });
      i += 1;
      continue;
    }
    const start = i;
    while (
      i < selector.length &&
      !SPECIAL.has(selector[i]!) &&
      !WHITESPACE.has(selector[i]!)
    ) {
      i += 1;
    }
    tokens.push({ kind: 'word', text: selector.slice(start, i), start });
  }
  tokens.push({ kind: 'end', text: '', start: selector.length });
  return tokens;
}
