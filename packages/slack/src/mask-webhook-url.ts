import { maskUrl } from '@tocsin/core';

const SLACK_SERVICES_PATH = /^\/services\/[^/]+\/[^/]+\/[^/]+\/?$/;

/**
 * The webhook URL as it may be shown: Slack's `/services/T…/B…/…` paths become
 * `/services/T***\/B***\/***`; any other URL keeps its origin and first path segment,
 * the rest masked (`https://hooks.slack.com/triggers/***\/***`). Never the secret part.
 */
export function maskWebhookUrl(url: URL): string {
  if (SLACK_SERVICES_PATH.test(url.pathname)) return `${url.origin}/services/T***/B***/***`;
  return maskUrl(`${url.origin}${url.pathname}${url.search}`);
}

/**
 * Strings that must never be shown: the whole URL and every path segment after the first
 * (Slack's team id, webhook id and token), so a message that echoes any of them can be redacted.
 */
export function webhookSecrets(url: URL): string[] {
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  return [
    url.href,
    `${url.pathname}${url.search}`,
    ...segments.slice(1),
    ...(url.search ? [url.search] : []),
  ]
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
}
