// Addresses are shared by every mail channel: the schemas live in channel-kit.
export { type EmailAddress, emailAddressListSchema, emailAddressSchema } from '@tocsin/channel-kit';
