// Type-checks every ```ts code block in README.md, docs/**/*.md and packages/*/README.md
// against the built packages, so the examples in the docs cannot rot. A block is one
// module (top-level await allowed). Blocks that are fragments, not programs, are fenced
// ```text instead. Run by `pnpm typecheck` (turbo, after build).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, '.snippets');

function markdownFiles() {
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(here);
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const readme = join(root, 'packages', pkg, 'README.md');
    try {
      statSync(readme);
      files.push(readme);
    } catch {}
  }
  return files;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const origins = new Map();
let count = 0;
for (const file of markdownFiles()) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const name = `${relative(root, file).replace(/[/.]/g, '_')}_L${start + 1}.ts`;
    writeFileSync(join(out, name), `${lines.slice(start, end).join('\n')}\nexport {};\n`);
    origins.set(name, { file: relative(root, file), line: start + 1 });
    count++;
    i = end;
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: { noUnusedLocals: false, types: ['node'] },
    include: ['*.ts'],
  }),
);
const tsc = spawnSync(
  process.execPath,
  [join(here, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')],
  {
    encoding: 'utf8',
  },
);
const report = `${tsc.stdout}${tsc.stderr}`.replace(
  /^(?:\S*\/)?([\w.]+\.ts)\((\d+),(\d+)\)/gm,
  (_, name, line, col) => {
    const origin = origins.get(name);
    return origin
      ? `${origin.file}:${origin.line + Number(line) - 1}:${col}`
      : `${name}(${line},${col})`;
  },
);
if (tsc.status !== 0) {
  console.error(report);
  console.error(`doc snippets: type errors in the code blocks above (${count} blocks checked)`);
  process.exit(1);
}
console.log(`doc snippets: ${count} TypeScript blocks type-check`);
