import { maskUrl } from '@tocsin/core';

const SLACK_SERVICES_PATH = /^\/services\/[^/]+\/[^/]+\/[^/]+\/?$/;
const SLACK_WORKFLOW_PATH = /^\/(triggers|workflows)\//;

/**
 * The webhook URL as it may be shown: Slack's `/services/T…/B…/…` paths become
 * `/services/T***\/B***\/***` and its workflow paths keep their first segment
 * (`/triggers/***\/***`), since Slack's shapes are known; any other URL shows only its
 * origin (`https://relay.example/***`). Never the secret part.
 */
export function maskWebhookUrl(url: URL): string {
  if (SLACK_SERVICES_PATH.test(url.pathname)) return `${url.origin}/services/T***/B***/***`;
  const workflow = SLACK_WORKFLOW_PATH.exec(url.pathname);
  const masked = maskUrl(`${url.origin}${url.pathname}${url.search}`);
  return workflow === null
    ? masked
    : masked.replace(`${url.origin}/***`, `${url.origin}/${workflow[1]}`);
}

/**
 * Strings that must never be shown: the whole URL and every path segment but the first
 * (Slack's team id, webhook id and token), so a message that echoes any of them can be
 * redacted. The first (`services`, `triggers`) is Slack's and shown.
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
