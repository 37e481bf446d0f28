import { type Alert, MAX_FINGERPRINT_CHARS } from '@tocsin/core';
import { sanitizeHeader } from '../render/sanitize-header.js';

/**
 * `X-Tocsin-Alert-Id`, `X-Tocsin-Level` and `X-Tocsin-Fingerprint`, the same on every email of every mail channel,
 * so mail rules and support can find the alert. The id is made safe for a header.
 */
export function tocsinMailHeaders(alert: Alert): Record<string, string> {
  const headers: Record<string, string> = { 'X-Tocsin-Level': alert.levelName };
  const id = sanitizeHeader(alert.id);
  if (id !== '') headers['X-Tocsin-Alert-Id'] = id;
  // Mail rules can thread or filter repeats of one alert by it; a dedupKey is caller text.
  const fingerprint = sanitizeHeader(alert.fingerprint).slice(0, MAX_FINGERPRINT_CHARS);
  if (fingerprint !== '') headers['X-Tocsin-Fingerprint'] = fingerprint;
  return headers;
}
