// Start-up as a script or cron job pays it: import core and the webhook channel, send one
// alert to a local sink, close. Prints its peak RSS (KB) on exit.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/hook`;
const { AlertManager } = await import('@tocsin/core');
const { WebhookChannel } = await import('@tocsin/webhook');
const manager = new AlertManager().addChannel(new WebhookChannel({ url }));
const [result] = await manager.send({ title: 'Backup failed', level: 'error' });
if (result?.status !== 'sent') throw new Error(`not sent: ${result?.error}`);
await manager.close();
server.close();
process.stdout.write(String(process.resourceUsage().maxRSS));
