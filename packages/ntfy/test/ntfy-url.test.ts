import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';
import { PASSWORD, TOKEN, TOPIC } from './harness.js';

const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

const refusal = (url: string) => urlRefusal(channelDefinition, url, [TOPIC, TOKEN, PASSWORD]);

describe('ntfy:// URLs', () => {
  it('ntfy://host/topic and ntfys:// are https; ntfy+http:// is http, for a local server', () => {
    expect(channelDefinition.schemes).toEqual(['ntfy', 'ntfys', 'ntfy+http']);
    expect(
      fromUrl(`ntfy://ntfy.example.com/${TOPIC}?token=${TOKEN}&priority=4&tags=db,warning`),
    ).toEqual({
      topic: TOPIC,
      serverUrl: 'https://ntfy.example.com',
      token: TOKEN,
      priority: 4,
      tags: ['db', 'warning'],
    });
    expect(fromUrl(`ntfys://ntfy.example.com:8443/${TOPIC}`)).toEqual({
      topic: TOPIC,
      serverUrl: 'https://ntfy.example.com:8443',
    });
    const local = fromUrl(`ntfy+http://127.0.0.1:8080/${TOPIC}`);
    expect(channelDefinition.schema.parse(local)).toMatchObject({
      topic: TOPIC,
      serverUrl: 'http://127.0.0.1:8080',
    });
  });

  it('ntfy://<topic> is a topic on ntfy.sh, its case kept', () => {
    const options = fromUrl(`ntfy://${TOPIC}?click=https%3A%2F%2Fstatus.example.com%2F`);
    expect(options).toEqual({ topic: TOPIC, click: 'https://status.example.com/' });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ serverUrl: 'https://ntfy.sh' });
  });

  it('percent-decodes user and password', () => {
    const encoded = encodeURIComponent(PASSWORD.replace('-', '@:'));
    expect(fromUrl(`ntfy://op%20s:${encoded}@ntfy.example.com/${TOPIC}`)).toEqual({
      topic: TOPIC,
      serverUrl: 'https://ntfy.example.com',
      username: 'op s',
      password: PASSWORD.replace('-', '@:'),
    });
  });

  it('names the wrong part, never a secret', () => {
    expect(refusal(`ntfy://ntfy.example.com/${TOPIC}/more`)).toBe(
      'the path: expected one topic, ntfy://host/<topic>',
    );
    expect(refusal(`ntfy://ops:${PASSWORD}@${TOPIC}`)).toMatch(/^the path: expected \/<topic>/);
    expect(refusal(`ntfy://ops@ntfy.example.com/${TOPIC}`)).toMatch(/^the authority/);
    expect(refusal(`ntfy://ntfy.example.com/${TOPIC}?token=${TOKEN}&prio=5`)).toMatch(
      /^the query key "prio" is not known/,
    );
    expect(refusal(`ntfy://ntfy.example.com/${TOPIC}?priority=high`)).toBe(
      'the query key "priority": expected a whole number',
    );
  });
});
