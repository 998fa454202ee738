import type { ProblemKind } from './types.js';
import type { KindView } from './view.js';

/** Column titles of per-example results for kinds that name them no other way. */
export const GENERIC_EXAMPLE_LABELS = { input: 'Input', output: 'Output', expected: 'Expected' } as const;

/** How a run of a kind nobody registered (e.g. a library user's own problem) is shown: plain scores. */
export function genericView(name: string): KindView {
  return {
    name, solutionsLabel: 'Solutions', solutionLabel: 'Solution', scoreFormat: 'number', scoreLabel: 'score',
    logScale: false, heldOut: false, examples: false, exampleLabels: GENERIC_EXAMPLE_LABELS, exampleFields: [], figures: [],
  };
}

const KIND_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The problem kinds a program knows. Front ends (CLI commands, `runs` views, exports, the dashboard)
 * ask it about a run's kind instead of naming kinds; a kind it does not know gets the generic view.
 * Not a global: each program builds one (see kinds/builtin.ts) and may add its own kinds.
 */
export class KindRegistry {
  private readonly kinds = new Map<string, ProblemKind>();

  constructor(kinds: readonly ProblemKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: ProblemKind): this {
    const name = kind.view.name;
    if (!KIND_NAME.test(name)) throw new Error(`a problem kind's name is lowercase letters, digits and dashes; got '${name}'`);
    if (this.kinds.has(name)) throw new Error(`the problem kind '${name}' is registered twice`);
    for (const endpoint of kind.endpoints ?? []) {
      if (!KIND_NAME.test(endpoint.name)) throw new Error(`kind '${name}': endpoint name '${endpoint.name}' is not a path segment`);
    }
    this.kinds.set(name, kind);
    return this;
  }

  /** A new registry with these kinds besides the ones this one has. */
  with(...kinds: ProblemKind[]): KindRegistry {
    return new KindRegistry([...this.kinds.values(), ...kinds]);
  }

  find(name: string): ProblemKind | undefined {
    return this.kinds.get(name);
  }

  /**
   * The kind's view, or the generic one for a kind this program does not know. With a run's config,
   * that run's own view (see ProblemKind.viewFor).
   */
  view(name: string, config?: unknown): KindView {
    const kind = this.kinds.get(name);
    if (!kind) return genericView(name);
    return config !== undefined && kind.viewFor ? kind.viewFor(config) : kind.view;
  }

  list(): ProblemKind[] {
    return [...this.kinds.values()];
  }

  /** Every kind's dashboard data endpoint with the kind that serves it. */
  endpoints(): { kind: ProblemKind; endpoint: NonNullable<ProblemKind['endpoints']>[number] }[] {
    return this.list().flatMap((kind) => (kind.endpoints ?? []).map((endpoint) => ({ kind, endpoint })));
  }
}
