export { type AliasedOption, withAliases } from './options/option-aliases.js';
export {
  formatOptionPath,
  type ParseChannelOptionsSettings,
  parseChannelOptions,
} from './options/parse-channel-options.js';
export { secondsField } from './options/seconds-field.js';
