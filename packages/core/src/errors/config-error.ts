import { TocsinError, type TocsinErrorOptions } from './tocsin-error.js';

export interface ConfigIssue {
  /** Where in the config: `alerts.channels.oncall.recipients[0]`. */
  path: string;
  /** What was expected there, for a person. Never the offending value when it may be a secret. */
  message: string;
}

export interface ConfigErrorOptions extends TocsinErrorOptions {
  /** The file the config came from, when there was one. */
  file?: string;
  issues?: ConfigIssue[];
}

/** A configuration problem: names the file, each failing path and what was expected. */
export class ConfigError extends TocsinError {
  static {
    ConfigError.brand('ConfigError');
  }
  override name = 'ConfigError';
  readonly file: string | undefined;
  readonly issues: readonly ConfigIssue[];

  constructor(message: string, options: ConfigErrorOptions = {}) {
    const issues = options.issues ?? [];
    const where = options.file === undefined ? '' : ` in ${options.file}`;
    const lines = issues.map((issue) => `\n  - ${issue.path || '(root)'}: ${issue.message}`);
    super(`${message}${where}${lines.join('')}`, 'TOCSIN_CONFIG', options);
    this.file = options.file;
    this.issues = issues;
  }

  static override isInstance(value: unknown): value is ConfigError {
    return TocsinError.hasName(value, 'ConfigError');
  }
}
