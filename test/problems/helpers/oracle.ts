/** Reads the points back out of a TSP meta-prompt and answers with the exact optimum (Held-Karp). */
import { heldKarp } from '../../../src/problems/tsp/held-karp.js';
import { makeInstance } from '../../../src/problems/tsp/instance.js';

export function optimalTraceFor(metaPrompt: string): string {
  const points = [...metaPrompt.matchAll(/\((\d+)\): \((-?\d+), (-?\d+)\)/g)].map((m) => ({ x: Number(m[2]), y: Number(m[3]) }));
  return `<trace> ${heldKarp(makeInstance(points)).tour.join(',')} </trace>`;
}
