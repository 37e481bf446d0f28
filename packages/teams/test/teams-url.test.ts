import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);
const SIG = 'urlSecretSig0123456789';

describe('teams:// URLs', () => {
  it('is declared for the teams scheme', () => {
    expect(channelDefinition.schemes).toEqual(['teams']);
  });

  it('stands for the https workflow URL, port and query kept', () => {
    const options = fromUrl(
      `teams://prod-12.westeurope.logic.azure.com:443/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`,
    );
    expect(options).toEqual({
      webhookUrl: `https://prod-12.westeurope.logic.azure.com:443/workflows/abc123def456/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ name: 'teams' });
  });

  it('targets a local http server with allow_insecure_http=yes (taken off the query)', () => {
    const options = fromUrl(
      `teams://127.0.0.1:8080/workflows/x?sig=${SIG}&allow_insecure_http=yes`,
    );
    expect(options).toEqual({
      webhookUrl: `http://127.0.0.1:8080/workflows/x?sig=${SIG}`,
      allowInsecureHttp: true,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ allowInsecureHttp: true });
    expect(fromUrl('teams://127.0.0.1/w?allow_insecure_http=no')).toEqual({
      webhookUrl: 'https://127.0.0.1/w',
    });
  });

  it.each([
    [`teams:///workflows/x?sig=${SIG}`, 'the host: expected teams://<host>/<path>?<query>'],
    [`teams://prod.logic.azure.com?sig=${SIG}`, 'the path: expected the workflow path'],
    [`teams://user:${SIG}@prod.logic.azure.com/w`, 'the user and password'],
    [`teams://h/w?sig=${SIG}&allow_insecure_http=maybe`, 'the query key "allow_insecure_http"'],
  ])('refuses %s, naming the part and never a value', (url, message) => {
    expect(urlRefusal(channelDefinition, url, [SIG])).toContain(message);
  });
});
