export {
  type MetricsRequestHandler,
  metricsHandler,
} from './metrics-handler.js';
export {
  DEFAULT_DURATION_BUCKETS,
  type MetricsOptions,
} from './metrics-options.js';
export { type MetricsHandle, registerMetrics } from './register-metrics.js';
