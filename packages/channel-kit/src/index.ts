export { lazy, loadZod, urlSecrets } from '@tocsin/core';
export { alertFingerprint } from './alertmanager/alert-fingerprint.js';
export {
  ALERTMANAGER_ZERO_TIME,
  type AlertmanagerAlert,
  type AlertmanagerWebhookPayload,
} from './alertmanager/alertmanager-webhook-body.js';
export { defineLazyChannel } from './define-lazy-channel.js';
export {
  countsText,
  cutDigest,
  type DigestCut,
  keepFirst,
  leftOutSentence,
} from './digest/cut-digest.js';
export { type FittedDigest, fitDigestEntries } from './digest/fit-digest-entries.js';
export { occurrencesSentence } from './digest/occurrences-sentence.js';
export { answerJson } from './http/answer-json.js';
export { HttpChannel, type HttpChannelSettings } from './http/http-channel.js';
export { type HttpAnswer, HttpEndpoint, type HttpEndpointOptions } from './http/http-endpoint.js';
export { type BodyText, discardBody, readBodyText } from './http/read-body.js';
export { BodyTooLargeError, readRequestBytes } from './http/read-request.js';
export {
  jsonReason,
  jsonRetryAfter,
  type RequestTarget,
  redirectError,
  responseError,
} from './http/response-error.js';
export {
  deliveryCodeForStatus,
  type HttpStatusErrorOptions,
  httpStatusError,
  isRetryableStatus,
} from './http-status-error.js';
export { InFlight } from './in-flight.js';
export { isTimeoutReason } from './is-timeout-reason.js';
export { KeepAliveAgent, type KeepAliveAgentOptions } from './keep-alive-agent.js';
export { describeMailTarget } from './mail/describe-mail-target.js';
export {
  type EmailAddress,
  emailAddressListSchema,
  emailAddressSchema,
} from './mail/email-address.js';
export { formatMailbox } from './mail/format-mailbox.js';
export { tocsinMailHeaders } from './mail/tocsin-mail-headers.js';
export { networkErrorCode } from './network-error-code.js';
export { decodeUrlPart } from './options/decode-url-part.js';
export {
  maxConnectionsField,
  nameField,
  proxyField,
  proxySecrets,
  timeoutField,
  type WebhookFieldsSettings,
  webhookFields,
  webhookUrlCheck,
} from './options/http-channel-fields.js';
export { type HttpsUrlRule, httpsUrlProblem } from './options/https-url-problem.js';
export { isHttpUrl, isPlainHttpUrl } from './options/is-http-url.js';
export { type AliasedOption, withAliases } from './options/option-aliases.js';
export {
  type ChannelOptionsInput,
  type ChannelOptionsOutput,
  channelOptionsParser,
  formatOptionPath,
  type ParseChannelOptionsSettings,
  parseChannelOptions,
} from './options/parse-channel-options.js';
export { secondsField } from './options/seconds-field.js';
export { takeUrlFlags } from './options/take-url-flags.js';
export { type UrlParamKind, urlQuery } from './options/url-query.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { redactSecrets, type Secrets } from './redact-secrets.js';
export { escapeHtml } from './render/escape-html.js';
export { fitText } from './render/fit-text.js';
export { formatDuration } from './render/format-duration.js';
export { LEVEL_COLORS } from './render/level-color.js';
export { LEVEL_EMOJI } from './render/level-emoji.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SUBJECT_PREFIX,
  MAX_SUBJECT_CHARS,
  type RenderEmailOptions,
  type RenderedEmail,
  renderEmail,
} from './render/render-email.js';
export { resolvedSentence } from './render/resolved-sentence.js';
export { RESOLVED_COLOR, RESOLVED_EMOJI, RESOLVED_TAG } from './render/resolved-style.js';
export { sanitizeHeader } from './render/sanitize-header.js';
export { type TruncatedText, truncateUtf8 } from './render/truncate-utf8.js';
export { abortError, type RequestFailureContext, requestError } from './request-error.js';
export { messageOf, sanitizeError } from './sanitize-error.js';
export { TRUNCATION_MARKER, truncateBytes, truncateChars } from './truncate-text.js';
