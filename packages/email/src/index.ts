export { alertMessageId } from './alert-message-id.js';
export { type EmailAddress, emailAddressListSchema, emailAddressSchema } from './email-address.js';
export { EmailChannel } from './email-channel.js';
export {
  type EmailChannelOptions,
  type EmailTransportInstance,
  emailChannelOptionsSchema,
  RESERVED_HEADERS,
  type ResolvedEmailChannelOptions,
  smtpTransportOptionsSchema,
} from './email-channel-options.js';
export { type EmailErrorContext, toEmailDeliveryError } from './to-email-delivery-error.js';
