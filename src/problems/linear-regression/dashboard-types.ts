/** What the dashboard's loss-landscape figure reads (types only: shared with the browser bundle). */

/** What a linear-regression run records in `manifest.instance`. */
export interface LinregInstanceData {
  wTrue: number;
  bTrue: number;
  x: number[];
  y: number[];
}

export interface LinregPair {
  step: number;
  w: number;
  b: number;
  loss: number;
}

export interface LinregResponse {
  instance: LinregInstanceData | null;
  /** Every explored pair (scored candidates). */
  pairs: LinregPair[];
  /** The running-best pairs, in the order they became best. */
  bestPath: LinregPair[];
  truncated: boolean;
}
