// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { z } from 'zod';
import { BUILTIN_CHANNEL_TYPES, commonChannelShape } from './channel-schemas.js';
import { buildConfigSchema, channelUnions } from './config-schema.js';
import { interpolatedSchemas, LEVEL_JSON_SCHEMA, levelSchemas } from './schema-fields.js';

/** Where the published schema lives; also its `$id`. */
export const CONFIG_SCHEMA_URL =
  'https://raw.githubusercontent.com/tocsin-dev/tocsin/main/docs/schema/tocsin.schema.json';

let cached: Record<string, unknown> | undefined;

/**
 * The JSON Schema (draft 2020-12) of a Tocsin config file, generated from the same zod
 * schema the loader validates with. Editors use it to complete and check
 * `tocsin.config.yaml` (see docs/configuration.md). Channel types registered in code are
 * accepted with their common keys checked. Computed once; returns a fresh copy.
 */
export function tocsinConfigJsonSchema(): Record<string, unknown> {
  cached ??= generate();
  return structuredClone(cached);
}

function generate(): Record<string, unknown> {
  const customBranch = z.toJSONSchema(z.looseObject({ type: z.string(), ...commonChannelShape }), {
    target: 'draft-2020-12',
    io: 'input',
    override: overrideLevels,
  }) as Record<string, unknown>;
  delete customBranch.$schema;
  customBranch.properties = {
    ...(customBranch.properties as object),
    type: {
      type: 'string',
      not: { enum: BUILTIN_CHANNEL_TYPES },
      description: 'A channel type registered in code with `channelTypes`',
    },
  };
  customBranch.description =
    'A channel of a type registered in code (`channelTypes`); other keys go to its factory, camelCased';

  const schema = z.toJSONSchema(buildConfigSchema([]), {
    target: 'draft-2020-12',
    io: 'input',
    override(context) {
      overrideLevels(context);
      if (channelUnions.has(context.zodSchema)) {
        const branches = context.jsonSchema.oneOf ?? context.jsonSchema.anyOf;
        if (Array.isArray(branches)) branches.push(customBranch as never);
      }
    },
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_URL,
    title: 'Tocsin configuration',
    ...schema,
  };
}

/** A string that is one `${VAR}` (replaced before validation). */
const ENV_REFERENCE = {
  type: 'string',
  pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$',
  description: 'A ${VAR} reference',
};

function overrideLevels(context: {
  zodSchema: unknown;
  jsonSchema: Record<string, unknown>;
}): void {
  if (
    interpolatedSchemas.has(context.zodSchema as object) &&
    Array.isArray(context.jsonSchema.anyOf)
  ) {
    context.jsonSchema.anyOf.push(structuredClone(ENV_REFERENCE));
  }
  if (!levelSchemas.has(context.zodSchema as object)) return;
  const description = context.jsonSchema.description;
  for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
  Object.assign(
    context.jsonSchema,
    structuredClone(LEVEL_JSON_SCHEMA),
    description === undefined ? {} : { description },
  );
}
