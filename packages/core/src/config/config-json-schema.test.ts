// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_URL, tocsinConfigJsonSchema } from './config-json-schema.js';
import { testDefinitions } from './fixtures/test-definitions.js';

type Json = Record<string, unknown>;

/** The branch of `alerts.channels.<key>` for `type`. */
function branch(schema: Json, type: string): Json {
  const alerts = (schema.properties as Json).alerts as Json;
  const channels = (alerts.properties as Json).channels as Json;
  const instance = channels.additionalProperties as { anyOf: Json[] };
  const found = instance.anyOf.find(
    (option) => ((option.properties as Json).type as Json).const === type,
  );
  if (found === undefined) throw new Error(`no branch for ${type}`);
  return found;
}

describe('the config JSON Schema', () => {
  it('is draft 2020-12, with our $id', () => {
    const schema = tocsinConfigJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(CONFIG_SCHEMA_URL);
    expect(JSON.stringify(schema)).toContain('"min_level"');
  });

  it("has each definition's options in file spelling, with their descriptions", () => {
    const schema = tocsinConfigJsonSchema(testDefinitions);
    const chat = branch(schema, 'chat');
    const properties = chat.properties as Json;
    expect(properties.webhook_url).toMatchObject({ description: 'Webhook URL; secret' });
    expect(properties).not.toHaveProperty('webhookUrl');
    // A secret may come from a file or the credential resolver: neither is then required.
    expect(properties.webhook_url_file).toMatchObject({ type: 'string' });
    expect(properties.credentials).toMatchObject({ type: 'string' });
    expect(chat.required).toEqual(['type']);
    // The common keys, and a ${VAR} wherever a boolean or number is.
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['type', 'name', 'enabled', 'min_level', 'throttle', 'timeout']),
    );
    expect(JSON.stringify(properties.allow_insecure_http)).toContain('A ${VAR} reference');
    expect(chat.additionalProperties).toBe(false);
    expect(chat.description).toBe('A test chat channel');

    const mail = branch(schema, 'mail');
    const transport = (mail.properties as Json).transport as Json;
    expect(Object.keys(transport.properties as Json)).toEqual(
      expect.arrayContaining(['require_tls', 'password', 'password_file', 'credentials']),
    );
    // Record keys are data: headers stay a map of any names.
    const headers = (branch(schema, 'hook').properties as Json).headers as Json;
    expect(headers.additionalProperties).toMatchObject({ type: 'string' });
  });

  it('accepts a channel of another type with the common keys', () => {
    const schema = tocsinConfigJsonSchema(testDefinitions);
    const text = JSON.stringify(schema);
    expect(text).toContain('"not":{"enum":["chat","hook","mail"]}');
  });

  it('has the noise-control keys of every channel, with "never" and durations for repeat_interval', () => {
    const properties = branch(tocsinConfigJsonSchema(testDefinitions), 'chat').properties as Json;
    expect(properties.repeat_interval).toMatchObject({
      anyOf: expect.arrayContaining([{ const: 'never' }, { type: 'number' }]),
    });
    const group = properties.group as Json;
    expect(Object.keys(group.properties as Json)).toEqual([
      'by',
      'wait',
      'interval',
      'max_wait',
      'max_alerts',
      'count_by',
      'bypass_level',
      'pager',
    ]);
    expect(group.additionalProperties).toBe(false);
    expect(Object.keys((properties.burst as Json).properties as Json)).toEqual([
      'threshold',
      'buffer',
      'cooldown',
      'count_by',
      'bypass_level',
      'pager',
    ]);
    expect(properties.fingerprint).toMatchObject({ type: 'array', items: { type: 'string' } });
  });
});
