import { configuredPrices, loadConfig, resolveModelRef, type LoadedConfig } from '../config/index.js';
import type { ModelSettings } from '../config/schema.js';
import { SqliteCallCache, defaultCachePath } from '../models/cache/sqlite-call-cache.js';
import { endpointDefaults } from '../models/defaults.js';
import { DEFAULT_EMBEDDED_MODEL } from '../models/defaults.js';
import { parseModelSpec, resolveModel } from '../models/resolve.js';
import { buildModelStack, schedulerOptionsFrom } from '../models/stack.js';
import { ModelUnavailableError } from '../models/outcome.js';
import { type LanguageModel } from '../models/types.js';
import { Budget, UsageMeter, endpointReport, formatCost, formatEndpointReports, type EndpointReport, type ModelRole, type ScheduledModel, type UsageSnapshot } from '../models/wrappers/index.js';
import { BudgetSettingsError, unknownPriceMessage, withBudget } from '../models/wrappers/budget.js';
import type { RunStatus } from '../engine/events.js';
import type { EndpointFigures } from '../models/rate-limits/endpoint-limiter.js';
import type { ModelFlags, RoleSelection } from './model-options.js';

// The options live apart so that a command's --help loads no model code.
export { addModelOptions, type ModelFlags, type RoleSelection } from './model-options.js';
import { embeddedModelProgress } from './model-progress.js';
import { checkServersReachable, displayURL } from './reachability.js';


/** The judge role of a task scored by an LLM judge (flags.judge names its model). */
export interface JudgeSettings {
  /** Calls in flight for the judge (overrides --concurrency and the model's own setting). */
  concurrency?: number;
  /** Fraction of each hard cap (--budget, --max-calls, --max-tokens) the judge may spend. */
  budgetShare?: number;
}

export interface RunModels {
  scorer: LanguageModel;
  optimizer: LanguageModel;
  /** Present when flags.judge names a judge model. */
  judge?: LanguageModel;
  meter: UsageMeter;
  budget: Budget;
  config: LoadedConfig;
  shouldStop: () => { status: RunStatus; reason: string } | null;
  /** Spec and endpoints (base URLs, never keys) of each role, for the run's manifest. */
  describe(): Record<string, { spec: string; endpoints: string[] }>;
  usage(): UsageSnapshot;
  /** Per endpoint: 429s, 5xx, retries, time waited on limits, the limit or rate learned, calls/s. */
  endpoints(): EndpointReport[];
  /** The same endpoints' raw figures, cumulative over the process (an experiment member's share is a difference of them). */
  endpointFigures(): EndpointFigures[];
  formatUsage(): string;
  close(): Promise<void>;
}

function isLocalSpec(spec: string): boolean {
  return spec.startsWith('llamacpp:') || spec.startsWith('scripted:') || spec.startsWith('ollama:');
}

/**
 * Build the scorer and optimizer for a command: config aliases, providers, and the wrapper stack
 * (meter, cache, budget, scheduler). The same spec is loaded once even when both roles use it.
 */
export async function setupModels(flags: ModelFlags, roles: RoleSelection = {}, purpose: 'run' | 'estimate' = 'run', judgeSettings: JudgeSettings = {}): Promise<RunModels> {
  const config = await loadConfig(process.cwd(), flags.config);
  const prices = configuredPrices(config.config);
  const meter = new UsageMeter({ prices });
  const budget = new Budget(
    {
      ...(flags.budget !== undefined ? { maxUsd: flags.budget } : config.config.defaults?.budgetUsd !== undefined ? { maxUsd: config.config.defaults.budgetUsd } : {}),
      ...(flags.maxCalls !== undefined ? { maxCalls: flags.maxCalls } : {}),
      ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
    },
    { prices },
  );
  const cacheEnabled = flags.cache !== false && config.config.defaults?.cache !== false;
  const cache = cacheEnabled ? SqliteCallCache.open((typeof flags.cache === 'string' ? flags.cache : undefined) ?? config.config.defaults?.cachePath ?? defaultCachePath(process.cwd())) : undefined;

  const scorerRef = flags.scorer ?? config.config.scorer ?? DEFAULT_EMBEDDED_MODEL;
  const optimizerRef = flags.optimizer ?? config.config.optimizer ?? flags.scorer ?? config.config.scorer ?? DEFAULT_EMBEDDED_MODEL;

  const bases = new Map<string, LanguageModel>();
  const baseFor = (settings: ModelSettings, baseURL: string | undefined, apiKeyEnv: string | undefined, concurrency: number): LanguageModel => {
    const id = `${settings.spec}|${baseURL ?? ''}`;
    let model = bases.get(id);
    if (!model) {
      const options = {
        ...(baseURL ? { baseURL } : {}),
        ...(apiKeyEnv ? { apiKeyEnv } : {}),
        ...(settings.spec.startsWith('llamacpp:') ? { parallel: concurrency, ...(flags.quiet ? {} : embeddedModelProgress()) } : {}),
      };
      // An estimate needs only the spec and its price, not a key or a model file.
      model = purpose === 'estimate' ? describedModel(settings.spec) : resolveModel(settings.spec, options);
      bases.set(id, model);
    }
    return model;
  };

  const described: Record<string, { spec: string; endpoints: string[] }> = {};
  // One entry per endpoint (scorer and optimizer on one endpoint share its figures).
  const scheduledEndpoints = new Map<string, ScheduledModel>();
  const noteEndpoint = (endpoint: ScheduledModel): void => {
    const label = endpoint.endpointFigures().label;
    if (!scheduledEndpoints.has(label)) scheduledEndpoints.set(label, endpoint);
  };
  const endpointReports = (): EndpointReport[] => [...scheduledEndpoints.values()].map((e) => endpointReport(e.endpointFigures()));
  const unpriced = new Set<string>();
  const build = (ref: string, role: ModelRole, roleConcurrency?: number): LanguageModel => {
    const { settings } = resolveModelRef(config.config, ref);
    const urls = (settings.endpoints ?? []).map((e) => e.baseURL);
    const single = settings.baseURL ?? effectiveBaseURL(settings.spec);
    // Base URLs go into the run's manifest: never with a user name or password in them.
    described[role] = { spec: settings.spec, endpoints: (urls.length > 0 ? urls : single ? [single] : []).map(displayURL) };
    const defaults = endpointDefaults(isLocalSpec(settings.spec));
    const concurrency = roleConcurrency ?? flags.concurrency ?? settings.concurrency ?? defaults.concurrency;
    const scheduler = schedulerOptionsFrom({
      concurrency,
      maxRetries: flags.maxRetries ?? settings.maxRetries,
      timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : settings.timeoutMs ?? defaults.timeoutMs,
      rpm: settings.rpm,
    });
    const endpoints = settings.endpoints ?? [];
    const base =
      endpoints.length > 0
        ? endpoints.map((e) => baseFor(settings, e.baseURL, e.apiKeyEnv ?? settings.apiKeyEnv, e.concurrency ?? concurrency))
        : baseFor(settings, settings.baseURL, settings.apiKeyEnv, concurrency);
    const firstBase = Array.isArray(base) ? base[0] : base;
    if (budget.limits.maxUsd !== undefined && !settings.price && firstBase && budget.priceFor(firstBase).kind === 'unknown') unpriced.add(settings.spec);
    return buildModelStack({
      base,
      role,
      meter,
      budget,
      ...(cache ? { cache } : {}),
      scheduler,
      onEndpoint: noteEndpoint,
      ...(endpoints.length > 0 ? { endpointScheduler: endpoints.map((e) => (e.concurrency ? { concurrency: e.concurrency } : undefined)) } : {}),
      ...(settings.price ? { price: settings.price } : {}),
    });
  };

  const scorer = roles.scorer === false ? unusedRole('scorer') : build(scorerRef, 'scorer');
  const optimizer = roles.optimizer === false ? unusedRole('optimizer') : build(optimizerRef, 'optimizer');
  const judgeRef = flags.judge;
  const judgeBudget = judgeRef && judgeSettings.budgetShare !== undefined ? shareOf(budget, judgeSettings.budgetShare, prices) : undefined;
  let judge = judgeRef ? build(judgeRef, 'judge', judgeSettings.concurrency) : undefined;
  if (judge && judgeBudget) judge = withBudget(judge, judgeBudget);

  // A dollar cap that cannot be enforced must not look like one: refuse before anything is recorded.
  if (purpose === 'run' && unpriced.size > 0) {
    cache?.close();
    throw new BudgetSettingsError(unknownPriceMessage([...unpriced].join(' and ')));
  }

  // A server the user pointed at that is not running is one clear error now, before a run is recorded.
  if (purpose === 'run') {
    try {
      await checkServersReachable([...bases.values()]);
    } catch (error) {
      cache?.close();
      throw error;
    }
  }

  // An embedded model is downloaded (once) and loaded now, so a missing file or an unreachable host is
  // one clear error before the run starts, not a failure on every call.
  if (purpose === 'run') {
    for (const model of bases.values()) {
      const preload = (model as { preload?: () => Promise<{ error: { message: string } } | undefined> }).preload;
      const failed = preload ? await preload.call(model) : undefined;
      if (failed) {
        cache?.close();
        throw new ModelUnavailableError(failed.error.message);
      }
    }
  }

  return {
    scorer,
    optimizer,
    ...(judge ? { judge } : {}),
    meter,
    budget,
    config,
    shouldStop: () => {
      if (budget.exhausted) return { status: 'budget', reason: budget.reason ?? 'budget exhausted' };
      if (judgeBudget?.exhausted) return { status: 'budget', reason: `the judge's share of the budget (${Math.round((judgeSettings.budgetShare ?? 1) * 100)}%) is spent: ${judgeBudget.reason ?? ''}`.trim() };
      // A refused key or an exhausted quota will not heal during the run: stop instead of paying the other role for nothing.
      const snapshot = meter.snapshot();
      for (const role of ['scorer', 'optimizer', 'judge'] as const) {
        const kinds = snapshot.byRole[role].failuresByKind;
        const fatal = (['auth', 'quota'] as const).find((kind) => (kinds[kind] ?? 0) > 0);
        if (fatal) {
          const what = fatal === 'auth' ? 'refused the API key' : 'reported an exhausted quota';
          return { status: 'failed', reason: `the ${role} model (${described[role]?.spec ?? role}) ${what}; fix it and resume the run` };
        }
      }
      return null;
    },
    describe: () => structuredClone(described),
    usage: () => meter.snapshot(),
    endpoints: endpointReports,
    endpointFigures: () => [...scheduledEndpoints.values()].map((e) => e.endpointFigures()),
    formatUsage: () => [formatUsageSummary(meter.snapshot()), ...endpointLines(endpointReports())].join('\n'),
    close: async () => {
      for (const model of bases.values()) await model.dispose?.();
      cache?.close();
    },
  };
}

/** A budget holding `share` of each cap of `budget` (the judge's share); no cap where the run has none. */
function shareOf(budget: Budget, share: number, prices: ReturnType<typeof configuredPrices>): Budget {
  const { maxUsd, maxCalls, maxTokens } = budget.limits;
  return new Budget(
    {
      ...(maxUsd !== undefined ? { maxUsd: maxUsd * share } : {}),
      ...(maxCalls !== undefined ? { maxCalls: Math.floor(maxCalls * share) } : {}),
      ...(maxTokens !== undefined ? { maxTokens: Math.floor(maxTokens * share) } : {}),
    },
    { prices },
  );
}

/** A stand-in that only names a model (for --dry-run): it never calls anything. */
function describedModel(spec: string): LanguageModel {
  // The spec itself is checked as a real run checks it (format, known provider), so a dry run never
  // approves a command that would fail at once.
  parseModelSpec(spec);
  const colon = spec.indexOf(':');
  const provider = spec.slice(0, colon);
  return {
    spec,
    provider,
    modelId: spec.slice(colon + 1),
    isLocal: isLocalSpec(spec),
    generate: async () => ({ ok: false, error: { kind: 'unavailable', message: 'dry run: no model is called' }, latencyMs: 0 }),
  };
}

/** The server a spec talks to when no base URL is configured, for the run's manifest. */
function effectiveBaseURL(spec: string): string | undefined {
  if (spec.startsWith('openai:')) return process.env.OPENAI_BASE_URL;
  if (spec.startsWith('ollama:')) return process.env.OLLAMA_HOST ?? 'http://127.0.0.1:11434';
  return undefined;
}

/** A model slot a command does not use; calling it is a bug, reported as such. */
function unusedRole(role: ModelRole): LanguageModel {
  return {
    spec: `unused:${role}`,
    provider: 'unused',
    modelId: role,
    isLocal: true,
    generate: async () => ({ ok: false, error: { kind: 'unavailable', message: `this command has no ${role} model` }, latencyMs: 0 }),
  };
}

/** The endpoints' figures under the usage summary; nothing for runs that made no call. */
function endpointLines(reports: EndpointReport[]): string[] {
  const used = reports.filter((r) => r.calls + r.rateLimited + r.serverErrors + r.timeouts + r.networkErrors > 0);
  return used.length === 0 ? [] : ['endpoints:', ...formatEndpointReports(used).map((line) => `  ${line}`)];
}

export function formatUsageSummary(snapshot: UsageSnapshot): string {
  const lines = ['usage:'];
  for (const [role, totals] of Object.entries(snapshot.byRole)) {
    if (totals.calls === 0 && !totals.refused) continue;
    lines.push(
      `  ${role.padEnd(9)} ${totals.calls} calls (${totals.cachedCalls} cached, ${totals.failed} failed${totals.refused ? `, ${totals.refused} refused by a cap` : ''}), ` +
        `${totals.inputTokens} in / ${totals.outputTokens} out tokens, ${formatCost(totals)}`,
    );
  }
  if (lines.length === 1) lines.push('  no model calls');
  return lines.join('\n');
}
