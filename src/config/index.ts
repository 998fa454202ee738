export { ConfigError, formatIssues, formatPath } from './errors.js';
export { CONFIG_FILE_NAMES, configuredPrices, loadConfig, parseConfig, resolveModelRef, type LoadedConfig, type ResolvedModelRef } from './load-config.js';
export {
  configSchema,
  looksLikeSecret,
  type ConfigDefaults,
  type EndpointSettings,
  type ModelSettings,
  type OproConfig,
  type PriceSettings,
} from './schema.js';
