// The baseline: the same alert to the same kind of sink with Node's built-in fetch.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/hook`;
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'Backup failed', level: 'ERROR' }),
});
if (response.status !== 200) throw new Error(`status ${response.status}`);
await response.text();
server.close();
process.stdout.write(String(process.resourceUsage().maxRSS));
