import { AlertManager } from '@tocsin/core';
import { MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { BadDatagram, readFailnozzleDatagram } from './failnozzle-datagram.js';

const record = {
  module: 'files',
  funcName: 'fetch',
  filename: 'src/service2/files.py',
  lineno: 363,
  message: 'Could not retrieve file "foo.txt"',
  exc_text: "IOError: [Errno 2] No such file or directory: 'foo.txt'",
  kind: 'service2',
};
const datagram = (fields: object) => Buffer.from(JSON.stringify({ ...record, ...fields }));

describe('readFailnozzleDatagram', () => {
  it('is one incident for the same error from two hosts, another for another line', async () => {
    const a = readFailnozzleDatagram(datagram({ source: 'host1' }));
    const b = readFailnozzleDatagram(datagram({ source: 'host2', exc_text: 'other trace' }));
    const c = readFailnozzleDatagram(datagram({ source: 'host1', lineno: 364 }));
    expect(a.dedupKey).toBe(b.dedupKey);
    expect(a.dedupKey).not.toBe(c.dedupKey);
    // Through a real manager: two alerts of the first incident are one notification with a count.
    const channel = new MemoryChannel({ name: 'memory' });
    const manager = new AlertManager().addChannel(channel, { repeatInterval: 3600 });
    await manager.send([a, b, c]);
    expect(manager.active().map((incident) => incident.count)).toEqual([2, 1]);
    expect(channel.received.map((alert) => alert.labels.line)).toEqual(['363', '364']);
    await manager.close();
  });

  it('takes the level from levelname when sent, else error', () => {
    expect(readFailnozzleDatagram(datagram({})).level).toBe('error');
    expect(readFailnozzleDatagram(datagram({ levelname: 'CRITICAL' })).level).toBe('critical');
    expect(readFailnozzleDatagram(datagram({ levelname: 'warning' })).level).toBe('warning');
  });

  it('refuses what is not a failnozzle message, saying why', () => {
    expect(() => readFailnozzleDatagram(Buffer.from('{'))).toThrow(BadDatagram);
    expect(() => readFailnozzleDatagram(Buffer.from('[1]'))).toThrow(/expected a JSON object/);
    expect(() => readFailnozzleDatagram(datagram({ message: '' }))).toThrow(/`message`/);
  });
});
