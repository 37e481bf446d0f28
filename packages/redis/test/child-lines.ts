import type { ChildProcess } from 'node:child_process';

/** Lines a child prints, one at a time. */
export function lines(child: ChildProcess): AsyncIterator<string> {
  let buffer = '';
  const queue: string[] = [];
  const waiting: Array<(line: IteratorResult<string>) => void> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const next = waiting.shift();
      if (next) next({ value: line, done: false });
      else queue.push(line);
    }
  });
  child.once('exit', () => {
    for (const next of waiting.splice(0)) next({ value: undefined, done: true });
  });
  return {
    next: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve({ value: line, done: false });
      if (child.exitCode !== null) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
