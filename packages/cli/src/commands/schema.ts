import { tocsinConfigJsonSchema } from '@tocsin/core';
import { CLI_CHANNEL_DEFINITIONS } from '../channel-definitions.js';
import { type CliIo, EXIT } from '../cli-io.js';
import { HELP } from '../help.js';
import { parseCommandLine } from '../parse-command-line.js';
import { UsageError } from '../usage-error.js';

/** `tocsin schema`: the config file's JSON Schema on stdout, with every channel the CLI has. */
export async function schema(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('schema', args, {
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP.schema);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, 'schema');
  io.stdout.write(`${JSON.stringify(tocsinConfigJsonSchema(CLI_CHANNEL_DEFINITIONS), null, 2)}\n`);
  return EXIT.ok;
}
