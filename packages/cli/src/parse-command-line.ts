import { parseArgs } from 'node:util';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

/**
 * `node:util` parseArgs, strict, with its errors turned into usage errors that name the
 * command and suggest the option meant.
 */
export function parseCommandLine<T extends Record<string, OptionSpec>>(
  command: string,
  args: readonly string[],
  options: T,
): {
  values: {
    [K in keyof T]?: T[K]['multiple'] extends true
      ? string[]
      : T[K]['type'] extends 'boolean'
        ? boolean
        : string;
  };
  positionals: string[];
} {
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    return parsed as never;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = String((error as Error).message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? '';
      const match = didYouMean(option.replace(/^-+/, ''), Object.keys(options));
      throw new UsageError(
        `unknown option ${option}${match ? `; did you mean --${match}?` : ''}`,
        command,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        message
          .replace(/^Option '([^']+)'.*argument missing$/, '$1 needs a value')
          .split('\n')[0] ?? message,
        command,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(message.split('.')[0] ?? message, command);
    }
    throw error;
  }
}
