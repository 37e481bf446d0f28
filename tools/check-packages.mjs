// Checks what each published package ships, as `npm pack` would make it: a README and a
// LICENSE, no source maps, and no relative links in the README (they break on the
// registry's page, outside the repository). Run by `pnpm lint`, after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const files = packed.files.map((file) => file.path);
  const say = (what) => problems.push(`${manifest.name}: ${what}`);
  if (!files.includes('LICENSE')) say('no LICENSE in the tarball');
  if (!files.includes('README.md')) say('no README.md in the tarball');
  const maps = files.filter((file) => file.endsWith('.map'));
  if (maps.length > 0) say(`ships source maps (${maps.join(', ')})`);
  const readme = join(dir, 'README.md');
  if (existsSync(readme)) {
    for (const [, target] of readFileSync(readme, 'utf8').matchAll(/\]\((\.{1,2}\/[^)]*)\)/g))
      say(`README links ${target}, which is broken outside the repository: use an absolute URL`);
  }
}
if (problems.length > 0) {
  console.error(`Packages not fit to publish:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('packages: each ships its README and LICENSE, no source maps, no relative links');
