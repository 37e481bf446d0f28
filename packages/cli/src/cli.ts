#!/usr/bin/env node
import { main } from './main.js';

// A reader that stops early (`tocsin schema | head -c 400`) closes the pipe: end quietly,
// as `cat` and `git` do, instead of crashing with an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
