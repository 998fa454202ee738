/**
 * The paper's two construction heuristics, coded as the reference codes them (spec section 9), so
 * our NN and FI columns mean what the paper's mean on the same points.
 */
import { distance, type Tour, type TspInstance } from './instance.js';

/** Nearest neighbour from node 0; among equally near nodes the lowest index wins (strict `<`). */
export function nearestNeighbourTour(instance: TspInstance): number[] {
  const tour = [0];
  const remaining = Array.from({ length: instance.n - 1 }, (_, i) => i + 1);
  while (remaining.length > 0) {
    const last = tour[tour.length - 1] as number;
    let bestIndex = 0;
    for (let r = 1; r < remaining.length; r++) {
      if (distance(instance, last, remaining[r] as number) < distance(instance, last, remaining[bestIndex] as number)) bestIndex = r;
    }
    tour.push(remaining[bestIndex] as number);
    remaining.splice(bestIndex, 1);
  }
  return tour;
}

/** Length of `tour` with `node` inserted before position `index`, summed in the reference's edge order. */
function lengthWithInsertion(instance: TspInstance, tour: Tour, node: number, index: number): number {
  const at = (k: number): number => (k < index ? tour[k] : k === index ? node : tour[k - 1]) as number;
  const size = tour.length + 1;
  let total = 0;
  for (let k = 0; k + 1 < size; k++) total += distance(instance, at(k), at(k + 1));
  return total + distance(instance, at(size - 1), at(0));
}

/**
 * Farthest insertion EXACTLY as the reference codes it, which is not the textbook rule: for every
 * unvisited node find its cheapest insertion position (after node 0), judged by the whole new tour's
 * length TRUNCATED TO AN INTEGER (the reference evaluates with 0 decimals); insert the node whose
 * cheapest truncated length is the largest. Ties keep the first candidate (strict comparisons), in
 * node order and position order.
 */
export function farthestInsertionTour(instance: TspInstance): number[] {
  let tour = [0];
  const remaining = Array.from({ length: instance.n - 1 }, (_, i) => i + 1);
  while (remaining.length > 0) {
    let chosen = -1;
    let chosenLength = -1;
    let chosenIndex = -1;
    for (const node of remaining) {
      let cheapest = -1;
      let cheapestIndex = -1;
      for (let index = 1; index <= tour.length; index++) {
        const length = Math.trunc(lengthWithInsertion(instance, tour, node, index));
        if (cheapest === -1 || length < cheapest) {
          cheapest = length;
          cheapestIndex = index;
        }
      }
      if (chosenLength === -1 || cheapest > chosenLength) {
        chosen = node;
        chosenLength = cheapest;
        chosenIndex = cheapestIndex;
      }
    }
    tour = [...tour.slice(0, chosenIndex), chosen, ...tour.slice(chosenIndex)];
    remaining.splice(remaining.indexOf(chosen), 1);
  }
  return tour;
}
