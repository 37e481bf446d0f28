import { createRequire } from 'node:module';
import { ConfigError, redact } from '@tocsin/core';
import { type CliIo, EXIT, processIo } from './cli-io.js';
import { check } from './commands/check.js';
import { deadLetters, replay } from './commands/dead-letters.js';
import { schema } from './commands/schema.js';
import { send } from './commands/send.js';
import { serve } from './commands/serve.js';
import { didYouMean } from './did-you-mean.js';
import { COMMANDS, type CommandName, HELP } from './help.js';
import { UsageError } from './usage-error.js';

const RUN: Record<CommandName, (args: readonly string[], io: CliIo) => Promise<number>> = {
  check,
  send,
  'dead-letters': deadLetters,
  replay,
  schema,
  serve,
};

/**
 * Run the `tocsin` command line. Never throws: errors go to stderr as one message (no
 * stack; `TOCSIN_DEBUG=1` adds it for unexpected ones) and the exit code says what kind.
 * @returns the exit code: 0 done, 1 config or other error, 2 usage error, 3 not delivered.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr.write(HELP.main);
      return EXIT.usage;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic))
        throw new UsageError(`unknown command "${topic}"${suggest(topic)}`);
      io.stdout.write(topic === undefined ? HELP.main : HELP[topic]);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (!isCommand(command))
      throw new UsageError(`unknown command "${command}"${suggest(command)}`);
    return await RUN[command](rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command === undefined ? 'tocsin --help' : `tocsin ${error.command} --help`;
      io.stderr.write(`tocsin: ${error.message}\nSee \`${help}\`.\n`);
      return EXIT.usage;
    }
    if (ConfigError.isInstance(error)) {
      io.stderr.write(`tocsin: ${error.message}\n`);
      return EXIT.error;
    }
    const message = redact(String((error as Error)?.message ?? error));
    io.stderr.write(`tocsin: ${message}\n`);
    if (io.env.TOCSIN_DEBUG) io.stderr.write(`${redact(String((error as Error)?.stack ?? ''))}\n`);
    else io.stderr.write('(set TOCSIN_DEBUG=1 to see where it happened)\n');
    return EXIT.error;
  }
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function suggest(name: string): string {
  const match = didYouMean(name, COMMANDS);
  return match === undefined
    ? `; the commands are ${COMMANDS.join(', ')}`
    : `; did you mean "${match}"?`;
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
