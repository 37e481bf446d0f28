// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import type { AnyChannelDefinition, ChannelCredentials } from '../channel-definition.js';
import { zod } from '../zod.js';
import { commonChannelShape } from './common-channel-schema.js';
import { buildConfigSchema, channelInstanceSchemas } from './config-schema.js';
import { snakeCase } from './file-options.js';
import {
  interpolatedSchemas,
  jsonSchemaOverrides,
  LEVEL_JSON_SCHEMA,
  levelSchemas,
} from './schema-fields.js';

/** Where the published schema lives; also its `$id`. */
export const CONFIG_SCHEMA_URL =
  'https://raw.githubusercontent.com/tocsin-dev/tocsin/main/docs/schema/tocsin.schema.json';

type Json = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of a Tocsin config file, composed from the loader's zod
 * schema (the keys every file and every channel has) and the options schema of each of
 * `definitions`, in the file's spelling (snake_case) with their descriptions. Editors use
 * it to complete and check `tocsin.config.yaml` (see docs/configuration.md). A channel of
 * any other type is accepted with its common keys checked. Returns a fresh object.
 */
export function tocsinConfigJsonSchema(
  definitions: readonly AnyChannelDefinition[] = [],
): Record<string, unknown> {
  const types = definitions.map((definition) => definition.type);
  const branches = [...definitions.map(definitionBranch), otherBranch(types)];
  const schema = zod().toJSONSchema(buildConfigSchema(types), {
    target: 'draft-2020-12',
    io: 'input',
    // A Date (in a .ts config) has an override; nothing else here is unrepresentable.
    unrepresentable: 'any',
    override(context) {
      overrideCommon(context);
      if (channelInstanceSchemas.has(context.zodSchema)) {
        for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
        Object.assign(context.jsonSchema, {
          description: 'A channel instance: a mapping with its `type`',
          anyOf: branches,
        });
      }
    },
  }) as Json;
  return {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_URL,
    title: 'Tocsin configuration',
    ...schema,
  };
}

/** The common keys (and `type`) as JSON Schema properties. */
function commonProperties(): Json {
  const z = zod();
  const json = z.toJSONSchema(z.object(commonChannelShape()), {
    target: 'draft-2020-12',
    io: 'input',
    override: overrideCommon,
  }) as Json;
  return json.properties as Json;
}

/** One definition's channel: its options in file spelling, the common keys, `*_file` and `credentials`. */
function definitionBranch(definition: AnyChannelDefinition): Json {
  const options = zod().toJSONSchema(definition.schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override(context) {
      // Code-only forms (a function, a URL object, a client instance) are not for files.
      if ((context.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'custom')
        context.jsonSchema.not = {};
    },
  }) as Json;
  const json = toFileSpelling(options) as Json;
  delete json.$schema;
  addSecretFiles(json, definition.secrets ?? [], definition.credentials);
  const properties = (json.properties ?? {}) as Json;
  json.properties = {
    type: { type: 'string', const: definition.type, description: 'The channel type' },
    ...properties,
    ...commonProperties(),
  };
  json.required = ['type', ...((json.required as string[] | undefined) ?? [])];
  if (definition.description !== undefined) json.description = definition.description;
  return json;
}

/** A channel of a type no installed definition knows: the common keys, anything else. */
function otherBranch(types: readonly string[]): Json {
  return {
    type: 'object',
    description:
      'A channel of a type whose definition is not installed here: the common keys are checked, the rest goes to its definition',
    properties: {
      type: {
        type: 'string',
        ...(types.length > 0 ? { not: { enum: [...types] } } : {}),
        description: 'The channel type',
      },
      ...commonProperties(),
    },
    required: ['type'],
    additionalProperties: true,
  };
}

/**
 * The JSON Schema of camelCase options as a file writes them: object property names in
 * snake_case (record keys are data, untouched), a `${VAR}` string accepted wherever a
 * number or boolean is, and code-only branches (`not: {}`) dropped.
 */
function toFileSpelling(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toFileSpelling);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, item]) => [
          snakeCase(name),
          toFileSpelling(item),
        ]),
      );
    } else if (key === 'required' && Array.isArray(value)) {
      out.required = value.map((name) => snakeCase(String(name)));
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const kept = value.filter((branch) => !isNever(branch)).map(toFileSpelling);
      if (kept.length === 1) Object.assign(out, kept[0] as Json);
      else out[key] = kept;
    } else {
      out[key] = toFileSpelling(value);
    }
  }
  return takesVariable(out) ? { anyOf: [out, { ...ENV_REFERENCE }] } : out;
}

function isNever(node: unknown): boolean {
  return (
    typeof node === 'object' &&
    node !== null &&
    Object.keys(node).length === 1 &&
    typeof (node as Json).not === 'object' &&
    Object.keys((node as Json).not as Json).length === 0
  );
}

/** A number or boolean field: a `${VAR}` string (replaced before validation) is accepted too. */
function takesVariable(node: Json): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return (
    types.some((type) => type === 'number' || type === 'integer' || type === 'boolean') &&
    !types.includes('string')
  );
}

/**
 * Each secret option may come from `<key>_file`, and the option a `credentials` entry fills
 * from `credentials: <name>`: add those keys, and stop requiring the options they give.
 */
function addSecretFiles(
  json: Json,
  secrets: readonly string[],
  credentials: ChannelCredentials | undefined,
): void {
  for (const path of secrets) {
    const parts = path.split('.');
    const leaf = parts.pop() as string;
    if (leaf === '*') continue;
    for (const holder of objectsAt(json, parts)) {
      const properties = holder.properties as Json | undefined;
      const key = snakeCase(leaf);
      if (properties === undefined || !(key in properties)) continue;
      properties[`${key}_file`] = {
        type: 'string',
        description: `Path of a file holding \`${key}\` (read once, trimmed), relative to the config file`,
      };
      if (Array.isArray(holder.required))
        holder.required = holder.required.filter((name) => name !== key);
    }
  }
  if (credentials === undefined) return;
  const at =
    typeof credentials === 'string'
      ? credentials.split('.').slice(0, -1)
      : credentials.at.split('.');
  for (const holder of objectsAt(json, at)) {
    holder.properties = {
      ...(holder.properties as Json),
      credentials: {
        type: 'string',
        description: 'Name looked up through the credential resolver (default: the environment)',
      },
    };
    if (typeof credentials === 'string' && Array.isArray(holder.required)) {
      const key = snakeCase(credentials.split('.').pop() as string);
      holder.required = holder.required.filter((name) => name !== key);
    }
  }
}

/** The object schemas at a camelCase path, through unions. */
function objectsAt(json: Json, path: readonly string[]): Json[] {
  const branches = (node: Json): Json[] => {
    const list = (node.anyOf ?? node.oneOf) as Json[] | undefined;
    return list === undefined ? [node] : list.flatMap(branches);
  };
  let current = branches(json).filter((node) => node.properties !== undefined);
  for (const segment of path.filter((part) => part !== '')) {
    current = current
      .map((node) => (node.properties as Json)[snakeCase(segment)] as Json | undefined)
      .filter((node): node is Json => node !== undefined)
      .flatMap(branches)
      .filter((node) => node.properties !== undefined);
  }
  return current;
}

/** A string that is one `${VAR}` (replaced before validation). */
const ENV_REFERENCE = {
  type: 'string',
  pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$',
  description: 'A ${VAR} reference',
};

function overrideCommon(context: {
  zodSchema: unknown;
  jsonSchema: Record<string, unknown>;
}): void {
  const zodSchema = context.zodSchema as object;
  const replacement = levelSchemas.has(zodSchema)
    ? LEVEL_JSON_SCHEMA
    : jsonSchemaOverrides.get(zodSchema);
  if (replacement !== undefined) {
    const description = context.jsonSchema.description;
    for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
    Object.assign(
      context.jsonSchema,
      structuredClone(replacement),
      description === undefined ? {} : { description },
    );
  }
  if (interpolatedSchemas.has(zodSchema) && Array.isArray(context.jsonSchema.anyOf))
    context.jsonSchema.anyOf.push(structuredClone(ENV_REFERENCE));
}
