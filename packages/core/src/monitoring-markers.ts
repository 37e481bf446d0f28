import type { Alert } from './alert.js';
import type { MonitoringOptions } from './alert-manager-options.js';

/** Does an alert carry a "just monitoring" marker? Built once from `MonitoringOptions`. */
export type MarkerTest = (alert: Alert) => boolean;

/**
 * The test for `monitoring`: marked when every one of `labels` matches, or when the title or
 * body contains one of `texts`.
 * @throws TypeError naming the option when it has the wrong shape.
 */
export function markerTest(options: MonitoringOptions): MarkerTest {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('`monitoring` must be an object { labels, texts, channel }');
  const { labels, texts, channel } = options;
  if (typeof channel !== 'string' || channel === '')
    throw new TypeError('`monitoring.channel` must name the entry that receives marked alerts');
  const pairs = labels === undefined ? [] : Object.entries(labels);
  if (labels !== undefined && (typeof labels !== 'object' || pairs.length === 0))
    throw new TypeError('`monitoring.labels` must be a non-empty map of label names to values');
  const needles = texts ?? [];
  if (!Array.isArray(needles) || needles.some((text) => typeof text !== 'string' || text === ''))
    throw new TypeError('`monitoring.texts` must be a list of non-empty strings');
  if (pairs.length === 0 && needles.length === 0)
    throw new TypeError('`monitoring` needs `labels` or `texts` to recognise marked alerts');
  return (alert) => {
    if (pairs.length > 0 && pairs.every(([name, value]) => alert.labels[name] === value))
      return true;
    for (const text of needles)
      if (alert.title.includes(text) || alert.body.includes(text)) return true;
    return false;
  };
}
