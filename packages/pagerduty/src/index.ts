export { DEFAULT_THROTTLE_RETRY_AFTER, PagerDutyChannel } from './pagerduty-channel.js';
export {
  pagerDutyChannelDefinition as channelDefinition,
  pagerDutyChannelDefinition,
  pagerDutyOptionsFromUrl,
} from './pagerduty-channel-definition.js';
export {
  DEFAULT_BASE_URL,
  PAGERDUTY_SEVERITIES,
  type PagerDutyChannelOptions,
  type PagerDutySeverity,
  pagerDutyChannelOptionsSchema,
  parsePagerDutyChannelOptions,
  type ResolvedPagerDutyChannelOptions,
} from './pagerduty-channel-options.js';
export {
  PAGERDUTY_LIMITS,
  type PagerDutyEventAction,
  type PagerDutyRenderSettings,
  pagerDutyDedupKey,
  renderPagerDutyEvent,
} from './render-pagerduty-message.js';
