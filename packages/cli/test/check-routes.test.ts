import { writeFile } from 'node:fs/promises';
import { type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `tocsin check` with a routes tree: the tree, the entries it makes, and the warnings.

const HOOKS = `    type: webhook
    url: https://hooks.example.com/in`;

const ROUTES = `alerts:
  time_intervals:
    - { name: nights, time_intervals: [{ times: [{ start_time: "22:00", end_time: "24:00" }] }] }
  channels:
    db:
${HOOKS}/db
    web:
${HOOKS}/web
      group: { by: [host], wait: 1m }
    audit:
${HOOKS}/audit
    idle:
${HOOKS}/idle
  routes:
    - matchers: ['team="db"']
      channels: [db, web]
      group: { by: [service], wait: 10s }
      routes:
        - { matchers: ['severity="page"'], repeat_interval: 1h, mute_time_intervals: [nights] }
    - { matchers: ['env="prod"'], channels: [audit], continue: true, group: false }
    - { channels: [web] }
`.replace(/^ {4}(type|url)/gm, '      $1');

const ALERTMANAGER = `alerts:
  channels:
    default:
${HOOKS}/default
    pager:
${HOOKS}/pager
  route:
    receiver: default
    group_by: [alertname]
    routes:
      - { receiver: pager, matchers: ['severity="critical"'], group_wait: 5s }
`.replace(/^ {4}(type|url)/gm, '      $1');

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir({ 'routes.yaml': ROUTES, 'am.yaml': ALERTMANAGER });
});
afterAll(() => dir.remove());

describe('tocsin check with routes', () => {
  it('prints the tree, indented, and the entries it made; warns about a channel no route names', async () => {
    const run = await runCli(['check', '--config', 'routes.yaml'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Routes (alerts.routes: at each level the first match takes the alert)',
        '  routes[0]: team="db" -> db, web; group by service, wait 10s',
        '    routes[0].routes[0]: severity="page" -> db, web (inherited); repeat 1h; muted during nights',
        '  routes[1]: env="prod" -> audit; continue; no grouping',
        '  routes[2]: every alert -> web',
        '',
        "Route entries (6; a channel's own key gets only what is sent to it by name)",
        '  db@routes[0]             group by service 10s/5m',
        '  web@routes[0]            group by service 10s/5m',
        '  db@routes[0].routes[0]   repeat 1h; group by service 10s/5m; muted during nights',
        '  web@routes[0].routes[0]  repeat 1h; group by service 10s/5m; muted during nights',
        '  audit@routes[1]          no grouping',
        // No group on the route: the channel's own.
        '  web@routes[2]            group by host 1m/5m',
      ].join('\n'),
    );
    expect(run.stderr).toContain(
      'warning: alerts.routes: no route names "idle": with routes, a channel gets alerts only through them (or sent to it by name)',
    );
  });

  it("prints an Alertmanager block with Alertmanager's defaults at the root", async () => {
    const run = await runCli(['check', '--config', 'am.yaml'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        "Routes (alerts.route, Alertmanager's block: at each level the first match takes the alert)",
        '  route: every alert -> default; group by alertname, wait 30s, interval 5m; repeat 4h',
        '    route.routes[0]: severity="critical" -> pager; group wait 5s',
        '',
        "Route entries (2; a channel's own key gets only what is sent to it by name)",
        '  default@route          repeat 4h; group by alertname 30s/5m',
        '  pager@route.routes[0]  repeat 4h; group by alertname 5s/5m',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
  });

  it('fails for a route that names no channel of the file, with the path', async () => {
    await writeFile(dir.file('typo.yaml'), ROUTES.replace('channels: [audit]', 'channels: [adit]'));
    const run = await runCli(['check', '--config', 'typo.yaml'], { cwd: dir.path });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(dir.file('typo.yaml'));
    expect(run.stderr).toContain(
      'alerts.routes[1].channels[0]: no channel is called "adit"; did you mean "audit"? (channels: db, web, audit, idle)',
    );
  });
});
