export {
  type Alert,
  type AlertInput,
  alertInputSchema,
  createAlert,
  formatTimestamp,
} from './alert.js';
export {
  ALERT_LEVELS,
  AlertLevel,
  type AlertLevelInput,
  type AlertLevelName,
  alertLevelName,
  isAlertLevel,
  parseAlertLevel,
} from './alert-level.js';
export { AlertManager, type SpoolRecovery } from './alert-manager.js';
export type {
  AddChannelOptions,
  AlertManagerOptions,
  BurstOptions,
  CircuitBreakerOptions,
  CloseOnSignalsOptions,
  CloseOptions,
  Duration,
  GroupOptions,
  HeartbeatOptions,
  MonitoringOptions,
  PagerWindowOptions,
  SendOptions,
} from './alert-manager-options.js';
export { type AlertResult, type AlertStatus, sendFailures } from './alert-result.js';
export type { AlertStats, ChannelStats, DigestStats, NoticeStats } from './alert-stats.js';
export {
  type AlertTable,
  type AlertTableInput,
  bodyBeforeTables,
  tablesText,
} from './alert-table.js';
export { type AcquireOptions, AlertThrottle, type AlertThrottleOptions } from './alert-throttle.js';
export type { Channel, ChannelReceipt, SendContext } from './channel.js';
export {
  type AnyChannelDefinition,
  type ChannelCreateContext,
  type ChannelCredentials,
  type ChannelDefinition,
  type ChannelTypes,
  defineChannel,
} from './channel-definition.js';
export { type Clock, type ClockTimer, systemClock } from './clock.js';
export type {
  ChannelFactory,
  ChannelFactoryContext,
  FromConfigOptions,
} from './config/build-manager.js';
export { CONFIG_SCHEMA_URL, tocsinConfigJsonSchema } from './config/config-json-schema.js';
export { type CredentialResolver, envCredentialResolver } from './config/credential-resolver.js';
export {
  type AlertmanagerRouteInput,
  type ChannelInput,
  type ChannelsInput,
  defineConfig,
  type FileSpelling,
  type PresetInput,
  type RouteInput,
  type SharedInput,
  type TocsinConfigInput,
} from './config/define-config.js';
export { durationText, parseDuration } from './config/duration.js';
export {
  CONFIG_SEARCH_PLACES,
  type ConfigOverrides,
  type LoadConfigOptions,
  loadConfig,
} from './config/load-config.js';
export type { ServeSettings } from './config/serve-config.js';
export type { SharedConfig } from './config/shared-config.js';
export {
  type ChannelConfig,
  configDefinitions,
  maskConfig,
  type RouteTree,
  redactConfigSecrets,
  type ThrottleSettings,
  type TocsinConfig,
} from './config/tocsin-config.js';
export type { Digest, DigestEntry, DigestReason, Occurrences, Resolution } from './digest.js';
export { AlertThrottledError } from './errors/alert-throttled-error.js';
export { AlertValidationError } from './errors/alert-validation-error.js';
export { ConfigError, type ConfigErrorOptions, type ConfigIssue } from './errors/config-error.js';
export {
  DELIVERY_ERROR_CODES,
  DeliveryError,
  type DeliveryErrorCode,
  type DeliveryErrorOptions,
} from './errors/delivery-error.js';
export { TocsinError, type TocsinErrorOptions } from './errors/tocsin-error.js';
export {
  type FingerprintRule,
  hashFingerprint,
  MAX_FINGERPRINT_CHARS,
} from './fingerprint.js';
export { burstTitle, digestBody, groupTitle, summaryLine } from './grouping/digest-alert.js';
export { type FiringAlert, MemoryIncidentStore } from './lifecycle/firing.js';
export type { Heartbeat, HeartbeatState } from './lifecycle/heartbeats.js';
export { describeInhibitRule, type InhibitRule } from './lifecycle/inhibition.js';
export type {
  ElsewhereChange,
  IncidentStore,
  LifecycleStore,
} from './lifecycle/lifecycle-store.js';
export {
  MemorySilenceStore,
  type Silence,
  type SilenceInput,
  type SilenceStore,
  type StoredSilence,
} from './lifecycle/silences.js';
export type { TimeIntervalSpec, TimeIntervals } from './lifecycle/time-intervals.js';
export { applyLimit, DEFAULTS, LIMITS, type LimitContext, type LimitName } from './limits.js';
export { defaultLogger, type Logger } from './logger.js';
export {
  type CaptureErrorsOptions,
  captureErrors,
} from './logging/capture-errors.js';
export { type FallbackWriter, stderrFallback } from './logging/fallback-writer.js';
export {
  LogBridge,
  type LogBridgeOptions,
  type LogBridgeStats,
  TOCSIN_LOG_MARK,
} from './logging/log-bridge.js';
export {
  alertLevelOfLog,
  DEFAULT_LOG_MIN_LEVEL,
  type LogLevelInput,
  logLevelNumber,
  parseLogLevel,
} from './logging/log-levels.js';
export {
  createLogManager,
  DEFAULT_LOG_POLICY,
  type LogManagerOptions,
} from './logging/log-manager.js';
export { type LogMapping, type LogRecord, recordToAlert } from './logging/log-record.js';
export type {
  AlertManagerEvents,
  CircuitEvent,
  DeliveryEvent,
  DigestEvent,
  ResolvedEvent,
} from './manager-events.js';
export { maskUrl, redact } from './redact.js';
export {
  FileDeadLetters,
  type FileDeadLettersOptions,
} from './reliability/dead-letter-file.js';
export type {
  DeadLetter,
  DeadLetterAlert,
  DeadLetterFilter,
  DeadLetterStore,
  ReplayOutcome,
} from './reliability/dead-letters.js';
export type { SpoolOptions, SpoolStats } from './reliability/spool.js';
export type { SpoolSync } from './reliability/spool-journal.js';
export type {
  ReportCell,
  ReportMetrics,
  ReportOptions,
  ReportTableInput,
} from './reports/report-options.js';
export { scheduleReport } from './reports/schedule-report.js';
export type { ScheduledReport } from './reports/scheduled-report.js';
export { RetryPolicy, type RetryPolicyOptions, toDeliveryError } from './retry-policy.js';
export {
  CompiledMatchers,
  type LabelMatcher,
  type LabelMatcherInput,
  type MatchOperator,
  matcherText,
  parseMatcher,
  parseMatchers,
} from './routing/label-matchers.js';
export {
  compileRoutes,
  type RouteEntry,
  type RouteNode,
  type RouteSettings,
} from './routing/route-tree.js';
export {
  type AnySharedStateDefinition,
  defineSharedState,
  type SharedState,
  type SharedStateCreateContext,
  type SharedStateDefinition,
  type SharedThrottleSettings,
} from './shared-state-definition.js';
export type { CircuitState } from './stages/breaker-stage.js';
export type { AlertConditionsOptions } from './stages/conditions-options.js';
export type { ConditionMet } from './stages/conditions-stage.js';
export { MemoryNoiseStore } from './stages/memory-noise-store.js';
export type {
  AlertRecord,
  Claim,
  Maybe,
  NoiseStore,
  TakenEntry,
  TakenWindow,
  WindowItem,
  WindowState,
} from './stages/noise-store.js';
export type { Throttle } from './stages/throttle-stage.js';
export { urlSecrets } from './url-secrets.js';
export { lazy, zod as loadZod } from './zod.js';
