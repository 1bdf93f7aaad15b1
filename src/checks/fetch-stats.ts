/**
 * What one fetch of the snapshot cost, in round trips and requests: the fetch plan and the readers it
 * hands off to (./fetch-unit-roles.ts) count into one of these, and `check` reports it.
 */
export interface FetchStats {
  /** Graph items requested through batch (incl. next pages). */
  graphItems: number;
  /** graph.batch calls made (each packs ≤ 20 per $batch HTTP request). */
  batchCalls: number;
  /** $batch HTTP requests implied (sum of ceil(items/20) per call). */
  batchEnvelopes: number;
  /** Non-batched requests (What-If POSTs, ARM). */
  singleRequests: number;
  /** Sequential dependency waves actually taken (round trips on the critical path). */
  waves: number;
  /** The floor: dependency depth of the requested reads (1 or 2). */
  dependencyDepth: number;
}
