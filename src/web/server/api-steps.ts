import type { Page, SortDir, StepDetailResponse, StepItem } from '../shared/api-types.js';
import type { ApiContext } from './api-context.js';
import { HttpError } from './http-util.js';
import * as p from './params.js';

/** Steps run from -1 (the initial solutions) upward; nothing realistic comes near this. */
const MAX_STEP = 10_000_000;

/** GET /api/runs/:id/steps?dir=&limit=&offset= — one row per step with its reply dispositions. */
export function getSteps({ source, captures, params }: ApiContext): Page<StepItem> {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const { limit, offset } = p.page(params);
  const dir = p.oneOf<SortDir>(params, 'dir', ['asc', 'desc'], 'asc');
  return store.read.snapshot(() => {
    store.read.runBasics(id);
    const { total, rows } = store.read.stepPage(id, { limit, offset, dir });
    return { total, offset, limit, rows };
  });
}

/** GET /api/runs/:id/steps/:step — the exact meta-prompt and every raw optimizer reply. */
export function getStep({ source, captures }: ApiContext): StepDetailResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  const step = p.integer(captures[1] ?? '', 'step', -1, MAX_STEP);
  return store.read.snapshot(() => {
    const detail = store.getStep(id, step);
    if (!detail) throw new HttpError(404, `run ${id} has no step ${step}`);
    const scores = store.read.stepScores(id, step);
    return {
      step: detail.step, metaPrompt: detail.metaPrompt, details: detail.details, startedAt: detail.startedAt,
      finishedAt: detail.finishedAt, bestKey: detail.bestKey, bestScore: detail.bestScore,
      replies: detail.replies.map((reply) => ({
        sampleIndex: reply.sampleIndex, text: reply.text,
        error: reply.error ? { kind: reply.error.kind, message: reply.error.message } : null,
        disposition: reply.disposition, reason: reply.reason, candidate: reply.candidate, key: reply.key,
        score: reply.key !== null && reply.disposition === 'accepted' ? (scores.get(reply.key) ?? null) : null,
      })),
    };
  });
}
