export { RedisIncidentStore, type RedisIncidentStoreOptions } from './redis-incident-store.js';
export { RedisNoiseStore, type RedisNoiseStoreOptions } from './redis-noise-store.js';
export {
  RedisSharedState,
  type RedisSharedStateOptions,
  sharedStateDefinition,
} from './redis-shared-state.js';
export { RedisSilenceStore, type RedisSilenceStoreOptions } from './redis-silence-store.js';
export { type RedisTarget, shownRedisUrl } from './redis-target.js';
export { RedisThrottle, type RedisThrottleOptions } from './redis-throttle.js';
export { TOKEN_BUCKET_SCRIPT } from './token-bucket-script.js';
