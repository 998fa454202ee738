/** What the dashboard's TSP figure reads (types only: shared with the browser bundle). */

/** What a TSP run records in `manifest.instance`. */
export interface TspInstanceData {
  points: [number, number][];
  baselines: {
    nearestNeighbour: { tour: number[]; length: number };
    farthestInsertion: { tour: number[]; length: number };
    reference: { tour: number[]; length: number; kind: string };
  };
}

export interface TspResponse {
  /** null when the run did not record its points (see the page's note). */
  instance: TspInstanceData | null;
  /** Each new best-so-far tour, in step order (the last one is the run's best). */
  improvements: { step: number; length: number; tour: number[] }[];
}
