import { instructionsKind } from '../problems/instructions/kind.js';
import { linearRegressionKind } from '../problems/linear-regression/kind.js';
import { tspKind } from '../problems/tsp/kind.js';
import { KindRegistry } from './registry.js';

/** The kinds opro ships, in the order their commands appear in `opro --help`. */
export function builtinKinds(): KindRegistry {
  return new KindRegistry([instructionsKind, linearRegressionKind, tspKind]);
}
