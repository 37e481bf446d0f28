import type { AlertInput } from '@tocsin/core';
import { nextCollectorAlertId } from './alert-ids.js';
import { HttpRefusal } from './http-refusal.js';

/**
 * `POST /v1/alerts`: one alert as `send` takes it, or a list of them. Each object without
 * an `id` is given one, so the answer can name them; the manager validates the rest (a
 * value that is not an object is left for it to name: `[2]: expected an object`).
 * @throws HttpRefusal 422 for an empty list
 */
export function readTocsinAlerts(json: unknown): AlertInput[] {
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0)
    throw new HttpRefusal(422, 'the body is an empty list: expected an alert or a list of alerts');
  const inputs = new Array<AlertInput>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as unknown;
    inputs[i] =
      typeof item === 'object' && item !== null && !Array.isArray(item) && !('id' in item)
        ? ({ ...item, id: nextCollectorAlertId() } as AlertInput)
        : (item as AlertInput);
  }
  return inputs;
}
