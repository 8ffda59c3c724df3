// The README is what the consumer tests follow: its code blocks are what a user would copy.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

/** The first fenced code block of this repository's README, in one of `languages`, that contains `marker`: what a user would copy. */
export function readmeBlock(
  marker: string,
  languages: string[] = ['ts', 'tsx'],
): string {
  const fence = new RegExp(
    '```(?:' + languages.join('|') + ')\\n([\\s\\S]*?)```',
    'g',
  );
  const block = [...README.matchAll(fence)]
    .map(m => m[1])
    .find(code => code.includes(marker));
  if (!block)
    throw new Error(
      `no ${languages.join(' or ')} block with "${marker}" in the README`,
    );
  return block;
}
