import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  readonly path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

/** A fresh directory under the OS temp dir holding `files` (name -> content, in subfolders as named). */
export async function tempDir(files: Record<string, string> = {}): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'tocsin-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(path, name)), { recursive: true });
    await writeFile(join(path, name), content);
  }
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
