import { decodeUrlPart, urlQuery } from '@tocsin/channel-kit';

/**
 * The options a channel URL stands for: `resend://<api key>@resend?from=...&to=a,b`. The
 * key is the URL's user (percent-decoded); without one, the channel reads RESEND_API_KEY.
 * The host is the word `resend`: the API's address, if not Resend's own, is `base_url`.
 * Query: `from`, `to`, `cc`, `bcc` (comma-separated), `reply_to`, `subject_prefix`,
 * `html`, `base_url`, `timeout`.
 * @throws Error naming the wrong part of the URL, never a value from it.
 */
export function resendOptionsFromUrl(url: URL): Record<string, unknown> {
  if (url.hostname.toLowerCase() !== 'resend' || url.port !== '')
    throw new Error(
      'the host: expected resend, resend://<api key>@resend?from=...&to=... (another API address goes in base_url)',
    );
  if (url.password !== '')
    throw new Error('the authority: expected <api key>@, without a password');
  if (url.pathname !== '' && url.pathname !== '/')
    throw new Error('the path: expected none, resend://<api key>@resend?from=...&to=...');
  const query = urlQuery(url, {
    from: 'string',
    to: 'list',
    cc: 'list',
    bcc: 'list',
    reply_to: 'list',
    subject_prefix: 'string',
    html: 'boolean',
    base_url: 'string',
    timeout: 'integer',
  });
  if (url.username === '') return query;
  return { apiKey: decodeUrlPart(url.username, 'the api key'), ...query };
}
