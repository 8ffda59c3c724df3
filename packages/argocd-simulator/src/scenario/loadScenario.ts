import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { Scenario, scenarioSchema } from './scenarioSchema';

/** Validates a scenario object, with a message that names every bad key. */
export function parseScenario(input: unknown, origin = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid ${origin}:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Reads and validates a scenario YAML file. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  return parseScenario(parse(text), `scenario file ${path}`);
}
