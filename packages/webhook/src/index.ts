export { alertFingerprint } from '@tocsin/channel-kit';
export {
  ALERTMANAGER_ZERO_TIME,
  type AlertmanagerAlert,
  type AlertmanagerWebhookPayload,
  toAlertmanagerPayload,
} from './alertmanager-payload.js';
export {
  type TocsinDigest,
  type TocsinDigestEntry,
  type TocsinOccurrences,
  type TocsinResolution,
  type TocsinWebhookPayload,
  toTocsinPayload,
} from './tocsin-payload.js';
export { IDEMPOTENCY_HEADER, WebhookChannel } from './webhook-channel.js';
export {
  webhookChannelDefinition as channelDefinition,
  webhookChannelDefinition,
} from './webhook-channel-definition.js';
export {
  parseWebhookChannelOptions,
  type WebhookChannelOptions,
  type WebhookFormat,
  type WebhookFormatter,
  webhookChannelOptionsSchema,
} from './webhook-channel-options.js';
export {
  type SignWebhookPayloadOptions,
  signWebhookPayload,
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
} from './webhook-signature.js';
