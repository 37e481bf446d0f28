export { alertMessageId } from './alert-message-id.js';
export { type EmailAddress, emailAddressListSchema, emailAddressSchema } from './email-address.js';
export { EmailChannel } from './email-channel.js';
export {
  emailChannelDefinition as channelDefinition,
  emailChannelDefinition,
} from './email-channel-definition.js';
export {
  type EmailChannelOptions,
  type EmailTransportInstance,
  emailChannelOptionsSchema,
  parseEmailChannelOptions,
  RESERVED_HEADERS,
  type ResendTransportOptions,
  type ResolvedEmailChannelOptions,
  smtpTransportOptionsSchema,
} from './email-channel-options.js';
export { type EmailErrorContext, toEmailDeliveryError } from './to-email-delivery-error.js';
