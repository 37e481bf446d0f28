export { AlertmanagerChannel } from './alertmanager-channel.js';
export {
  alertmanagerChannelDefinition,
  alertmanagerChannelDefinition as channelDefinition,
} from './alertmanager-channel-definition.js';
export {
  type AlertmanagerAuth,
  type AlertmanagerChannelOptions,
  alertmanagerChannelOptionsSchema,
  DEFAULT_ANNOTATION_LABELS,
  MAX_ALERTMANAGER_URLS,
  parseAlertmanagerChannelOptions,
  type ResolvedAlertmanagerChannelOptions,
} from './alertmanager-channel-options.js';
export {
  type AlertmanagerReceiverOptions,
  alertmanagerReceiver,
  DEFAULT_RECEIVER_MAX_BODY_BYTES,
  type PendingBound,
  type ReceiverRequest,
} from './alertmanager-receiver.js';
export {
  labelName,
  type PostableAlert,
  type PostableAlertSettings,
  postableAlert,
  renderPostableAlerts,
} from './render-postable-alerts.js';
