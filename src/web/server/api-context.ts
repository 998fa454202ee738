import type { KindRegistry } from '../../kinds/registry.js';
import type { StoreSource } from './store-source.js';

/** What an API handler gets: the store, the problem kinds, the query string and the path captures. */
export interface ApiContext {
  source: StoreSource;
  kinds: KindRegistry;
  params: URLSearchParams;
  /** Path captures after the route's prefix, percent-decoded, not yet validated. */
  captures: string[];
}

export type ApiHandler = (context: ApiContext) => unknown;
