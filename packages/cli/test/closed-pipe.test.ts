import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

describe('tocsin writing into a pipe the reader closed', () => {
  it('`tocsin schema | head -c 400` ends quietly, exit 0, no EPIPE', async () => {
    // The real pipeline: head exits after 400 bytes and closes the pipe under tocsin.
    const { stdout, stderr } = await promisify(execFile)(
      'bash',
      [
        '-c',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash variable, not a template
        '"$0" "$1" schema | head -c 400 > /dev/null; echo "${PIPESTATUS[0]}"',
        process.execPath,
        BIN,
      ],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 },
    );
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(stdout.trim()).toBe('0');
  }, 60_000);
});
