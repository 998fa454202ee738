/**
 * wrapModel: the one way to add cross-cutting behaviour (cache, schedule, meter, budget, route)
 * around a LanguageModel, after the AI SDK's wrapLanguageModel. A middleware is one function that
 * sees each request and may call the inner model (`doGenerate`, with the request or a changed one);
 * the wrapped model keeps the inner model's identity (spec, provider, modelId, isLocal, baseURL,
 * credentialId) and disposes it. Requests pass through untouched unless the middleware changes
 * them, so fields added to GenerateRequest later reach the provider without edits here.
 */
import { MODEL_SPECIFICATION_VERSION } from '../outcome.js';
import type { CallOutcome, GenerateRequest, LanguageModel, ModelIdentity } from '../types.js';

export interface GenerateMiddlewareArgs {
  request: GenerateRequest;
  /** Calls the inner model; pass a request to send a changed one (e.g. with another signal). */
  doGenerate: (request?: GenerateRequest) => Promise<CallOutcome>;
  model: LanguageModel;
}

export type WrapGenerate = (args: GenerateMiddlewareArgs) => Promise<CallOutcome>;

export interface WrapModelOptions<Extra extends object> {
  model: LanguageModel;
  wrapGenerate: WrapGenerate;
  /** Identity fields to override (a router names the logical model, not its first endpoint). */
  identity?: Partial<ModelIdentity>;
  /** Members the wrapped model adds (e.g. a scheduler's state); they must not shadow the port's. */
  extra?: Extra;
  /** Replaces disposing the inner model (e.g. a router disposes all of its endpoints). */
  dispose?: () => Promise<void>;
}

/** Copies an identity, leaving out fields that are undefined (exactOptionalPropertyTypes). */
export function identityOf(model: ModelIdentity, overrides: Partial<ModelIdentity> = {}): ModelIdentity {
  const merged = { ...pickIdentity(model), ...pickIdentity(overrides) };
  return merged as ModelIdentity;
}

function pickIdentity(source: Partial<ModelIdentity>): Partial<ModelIdentity> {
  const out: { -readonly [K in keyof ModelIdentity]?: ModelIdentity[K] } = {};
  if (source.spec !== undefined) out.spec = source.spec;
  if (source.provider !== undefined) out.provider = source.provider;
  if (source.modelId !== undefined) out.modelId = source.modelId;
  if (source.isLocal !== undefined) out.isLocal = source.isLocal;
  if (source.baseURL !== undefined) out.baseURL = source.baseURL;
  if (source.credentialId !== undefined) out.credentialId = source.credentialId;
  return out;
}

/**
 * The provider model at the bottom of a stack of middleware: the rate-limit registry keys keyless
 * models (embedded, scripted, simulated) by it, so two stacks over one provider share its limits.
 */
const ROOT = Symbol('opro.rootModel');

export function rootModel(model: LanguageModel): LanguageModel {
  return (model as { [ROOT]?: LanguageModel })[ROOT] ?? model;
}

export function wrapModel<Extra extends object = Record<never, never>>(options: WrapModelOptions<Extra>): LanguageModel & Extra {
  const { model, wrapGenerate } = options;
  const inner = (request: GenerateRequest): Promise<CallOutcome> => model.generate(request);
  const wrapped: LanguageModel = {
    ...identityOf(model, options.identity),
    specificationVersion: MODEL_SPECIFICATION_VERSION,
    generate: (request) => wrapGenerate({ request, doGenerate: (changed) => inner(changed ?? request), model }),
    dispose: options.dispose ?? (async () => {
      await model.dispose?.();
    }),
  };
  Object.defineProperty(wrapped, ROOT, { value: rootModel(model), enumerable: false });
  return Object.assign(wrapped, options.extra ?? {}) as LanguageModel & Extra;
}
