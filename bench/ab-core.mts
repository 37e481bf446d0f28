// One-off A/B: the same core bench loop against two builds in one process, rounds alternating.
import { interleaved } from './lib.js';

const [aPath, bPath] = process.argv.slice(2) as [string, string];
const A = await import(aPath);
const B = await import(bPath);
const N = 20_000;
const alert = {
  title: 'CPU high',
  body: 'cpu-01 at 95%',
  level: 'warning',
  labels: { host: 'cpu-01' },
};
const make = (M: typeof A) =>
  new M.AlertManager().addChannel({ name: 'noop', send: async () => undefined });
const a = make(A);
const b = make(B);
const noop = async () => undefined;
for (let r = 0; r < 3; r++) {
  const m = await interleaved(
    async () => {
      for (let i = 0; i < N; i++) await a.send(alert);
    },
    async () => {
      for (let i = 0; i < N; i++) await b.send(alert);
    },
    N,
  );
  const base = await interleaved(
    async () => {
      for (let i = 0; i < N; i++) await noop();
    },
    async () => {
      for (let i = 0; i < N; i++) await noop();
    },
    N,
    5,
  );
  console.log(
    `A ${(m.ours).toFixed(0)} ns/send, B ${(m.base).toFixed(0)} ns/send, A-B ${m.overhead.toFixed(0)} ns, bare await ${base.ours.toFixed(0)} ns`,
  );
}
