import { type HttpAnswer, HttpChannel, httpStatusError, jsonReason } from '@tocsin/channel-kit';
import { type Alert, type ChannelReceipt, redact } from '@tocsin/core';
import { renderTeamsMessage } from './render-teams-message.js';
import { parseTeamsChannelOptions, type TeamsChannelOptions } from './teams-channel-options.js';

// A retired Office 365 connector URL answers 200 with this text when Teams refused the card.
const CONNECTOR_FAILURE = /^Webhook message delivery failed[\s\S]*?HTTP error (\d{3})/;

/**
 * Posts alerts to Microsoft Teams through a Workflows (Power Automate) webhook, "Post to a
 * channel when a webhook request is received": one Adaptive Card per alert (the level's
 * colour, the title, the body, the labels as facts, the source and time), escaped so alert
 * text can never format, link or mention, and cut to Teams' 28 KB.
 *
 * On channel-kit's `HttpChannel`: one keep-alive connection pool carries every request
 * and is released by `close()`. The workflow answers 202 Accepted; 408, 425, 429 (with
 * Retry-After), 5xx, network failures and timeouts are retryable, other answers are not.
 * The URL (its `sig` above all) is the credential: it is shown only masked.
 */
export class TeamsChannel extends HttpChannel {
  constructor(options: TeamsChannelOptions) {
    const parsed = parseTeamsChannelOptions(options);
    super({
      kind: 'TeamsChannel',
      type: 'teams',
      name: parsed.name,
      timeout: parsed.timeout,
      endpoint: {
        proxy: parsed.proxy,
        url: String(parsed.webhookUrl),
        addressOption: 'webhookUrl',
        maxConnections: parsed.maxConnections,
        maxAnswerBytes: 16 * 1024,
        // Logic Apps (which runs the workflow) answers `{ error: { code, message } }`.
        reasonOf: jsonReason('error.message', 'error.code'),
        hint: teamsHint,
      },
    });
  }

  protected render(alert: Alert): string {
    return JSON.stringify(renderTeamsMessage(alert));
  }

  /** A 202 is the workflow's acceptance; a retired connector's 200 may still be a refusal. */
  protected override receipt(answer: HttpAnswer): ChannelReceipt {
    const refused = CONNECTOR_FAILURE.exec(answer.text);
    if (refused === null) return {};
    const reason = redact(answer.text.replace(/\s+/g, ' ').slice(0, 200), this.endpoint.secrets);
    throw httpStatusError({
      channel: this.name,
      status: Number(refused[1]),
      message: `${this.name}: POST ${this.maskedUrl} answered ${answer.status}, but Teams refused the message: ${reason}`,
      reason,
    });
  }

  protected shownSettings(): Record<string, unknown> {
    return { webhookUrl: this.maskedUrl };
  }
}

/** What to do about the workflow's refusals, for a person. */
function teamsHint(status: number, retryable: boolean): string | undefined {
  if (retryable) return undefined;
  if (status === 401 || status === 403)
    return 'not retried: the signature (`sig`) of `webhookUrl` is wrong or was regenerated';
  if (status === 404) return 'not retried: the workflow is gone or turned off; check `webhookUrl`';
  return undefined;
}
