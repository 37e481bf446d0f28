import type { Alert } from '@tocsin/core';
import { sanitizeHeader } from '../render/sanitize-header.js';

/**
 * `X-Tocsin-Alert-Id` and `X-Tocsin-Level`, the same on every email of every mail channel,
 * so mail rules and support can find the alert. The id is made safe for a header.
 */
export function tocsinMailHeaders(alert: Alert): Record<string, string> {
  const headers: Record<string, string> = { 'X-Tocsin-Level': alert.levelName };
  const id = sanitizeHeader(alert.id);
  if (id !== '') headers['X-Tocsin-Alert-Id'] = id;
  return headers;
}
