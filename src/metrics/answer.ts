/** The paper's answer grading as a metric: 1 when the reply states the gold answer, else 0. */
import { gradeAnswer, type AnswerType, type GradingMode } from '../problems/instructions/grading/index.js';
import { check, quoteShort, type Metric } from './types.js';

export interface AnswerMetricOptions {
  answerType: AnswerType;
  mode: GradingMode;
  /** Choice grading reads the option texts from the prompt (the reference's mc_input). */
  multipleChoice: boolean;
}

export function answerMetric(options: AnswerMetricOptions): Metric {
  return {
    name: 'answer',
    async score(output, example) {
      const graded = gradeAnswer({
        output,
        target: example.target,
        answerType: options.answerType,
        mode: options.mode,
        ...(options.multipleChoice ? { prompt: example.prompt } : {}),
      });
      return check(graded.correct, `expected ${quoteShort(example.target)}, the answer read as ${quoteShort(graded.prediction)}`);
    },
  };
}
