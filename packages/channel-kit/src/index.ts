export { InFlight } from './in-flight.js';
export { isTimeoutReason } from './is-timeout-reason.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { escapeHtml } from './render/escape-html.js';
export { LEVEL_COLORS } from './render/level-color.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SUBJECT_PREFIX,
  type RenderEmailOptions,
  type RenderedEmail,
  renderEmail,
} from './render/render-email.js';
export { sanitizeHeader } from './render/sanitize-header.js';
export { type TruncatedText, truncateUtf8 } from './render/truncate-utf8.js';
