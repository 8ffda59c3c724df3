import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The vendored copy of Argo CD 3.6.0's swagger.json (see test/fixtures/argocd/README.md). */
export const SWAGGER_PATH = resolve(
  dirname(require.resolve('@argo-pulse/argocd-simulator/package.json')),
  '../../test/fixtures/argocd/swagger.json',
);

type Schema = Record<string, any>;

/**
 * Tightens swagger's definitions so that validation means something:
 * objects that declare properties reject any other property (swagger
 * leaves that open), so an invented or misspelt field fails.
 *
 * Where Go embeds a struct inline (`json:",inline"`), swagger says so with
 * `allOf` (`ResourceNode` embeds `ResourceRef`); those properties are
 * merged, since a closed `allOf` branch would reject the node's own. And
 * Kubernetes objects carry `TypeMeta` (`apiVersion`, `kind`), which the
 * generator drops altogether; it is put back. `IntOrString` and `JSON` take
 * the shapes Go's JSON gives them, not their protobuf messages'.
 */
function strictDefinitions(
  definitions: Record<string, Schema>,
): Record<string, Schema> {
  const copy: Record<string, Schema> = structuredClone(definitions);
  for (const definition of Object.values(copy)) {
    for (const embedded of definition.allOf ?? []) {
      const name = String(embedded.$ref).replace('#/definitions/', '');
      definition.properties = {
        ...definitions[name].properties,
        ...definition.properties,
      };
    }
    delete definition.allOf;
  }
  const typeMeta = { apiVersion: { type: 'string' }, kind: { type: 'string' } };
  for (const kubernetesObject of [
    'v1alpha1Application',
    'v1alpha1AppProject',
    'v1alpha1ApplicationSet',
  ]) {
    copy[kubernetesObject].properties = {
      ...typeMeta,
      ...copy[kubernetesObject].properties,
    };
  }
  // Go's custom JSON of two Kubernetes types, which swagger describes as the protobuf message:
  // an IntOrString is a bare number or string (`maxUpdate: 1`, `"25%"`), a JSON any value.
  copy.intstrIntOrString = { type: ['integer', 'string'] };
  copy.v1JSON = {};
  for (const definition of Object.values(copy)) {
    if (
      definition.type === 'object' &&
      definition.properties &&
      definition.additionalProperties === undefined
    ) {
      definition.additionalProperties = false;
    }
  }
  return copy;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
let swaggerDocument: Schema | undefined;

function swagger(): Schema {
  swaggerDocument ??= JSON.parse(readFileSync(SWAGGER_PATH, 'utf8'));
  return swaggerDocument!;
}

function operation(method: 'get' | 'post', path: string): Schema {
  const found = swagger().paths[path]?.[method];
  if (!found) throw new Error(`swagger.json has no ${method} ${path}`);
  return found;
}

/**
 * The definition swagger.json gives an operation's answer: its `200` response, or its
 * `default` (the error every operation answers), e.g.
 * `applicationApplicationResourceResponse` for `GET /api/v1/applications/{name}/resource`.
 */
export function responseDefinition(
  method: 'get' | 'post',
  path: string,
  status: '200' | 'default' = '200',
): string {
  const ref = operation(method, path).responses[status]?.schema?.$ref;
  if (!ref) throw new Error(`${method} ${path} has no ${status} schema`);
  return String(ref).replace('#/definitions/', '');
}

/** The query parameters swagger.json declares for an operation, by name. */
export function queryParameters(method: 'get' | 'post', path: string) {
  return (operation(method, path).parameters as Schema[])
    .filter(p => p.in === 'query')
    .map(p => String(p.name));
}

function validatorFor(definition: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({
      $id: 'argocd',
      definitions: strictDefinitions(swagger().definitions),
    });
  }
  let validate = validators.get(definition);
  if (!validate) {
    validate = ajv.getSchema(`argocd#/definitions/${definition}`);
    if (!validate)
      throw new Error(`swagger.json has no definition "${definition}"`);
    validators.set(definition, validate);
  }
  return validate;
}

/**
 * Checks a document against one of Argo CD's definitions (e.g.
 * `v1alpha1Application`) and returns it typed; throws with every mismatch.
 * Tests run both the real example documents and the simulator's answers
 * through this one function.
 */
export function parseArgoCdDocument<T>(
  definition: string,
  document: unknown,
): T {
  const validate = validatorFor(definition);
  if (!validate(document)) {
    const problems = (validate.errors ?? []).map(
      e =>
        `${e.instancePath || '/'} ${e.message}${
          e.params && 'additionalProperty' in e.params
            ? ` (${e.params.additionalProperty})`
            : ''
        }`,
    );
    throw new Error(`not a valid ${definition}:\n  ${problems.join('\n  ')}`);
  }
  return document as T;
}
