/**
 * Weighted combinations: score = sum(weight * score) / sum(weight). Any part failing fails the whole
 * (a mean over the parts that worked would silently change what is measured). Feedback lists the
 * parts that lost points.
 */
import { failedMetric, type Metric } from './types.js';

export interface WeightedPart {
  metric: Metric;
  weight: number;
}

export function weightedMetric(parts: readonly WeightedPart[]): Metric {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  if (parts.length === 0 || !(total > 0)) throw new Error('a weighted metric needs at least one part with a positive weight');
  return {
    name: `weighted(${parts.map((part) => part.metric.name).join(', ')})`,
    async score(output, example, context) {
      const results = await Promise.all(parts.map((part) => part.metric.score(output, example, context)));
      let sum = 0;
      const feedback: string[] = [];
      for (const [i, result] of results.entries()) {
        const part = parts[i] as WeightedPart;
        if (!result.ok) return failedMetric(`${part.metric.name}: ${result.reason}`);
        sum += part.weight * result.score;
        if (result.feedback) feedback.push(`${part.metric.name}: ${result.feedback}`);
      }
      const score = Math.min(1, Math.max(0, sum / total));
      return feedback.length > 0 ? { ok: true, score, feedback: feedback.join('; ') } : { ok: true, score };
    },
  };
}
