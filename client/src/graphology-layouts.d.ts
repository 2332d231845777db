// The one-iteration functions of graphology's ForceAtlas2 and Noverlap ship without declarations;
// the big-view layout's worker (fa2-core.ts) calls them on its own matrices, as their web workers do.
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /** One ForceAtlas2 step over NodeMatrix (10 floats a node) and EdgeMatrix (3 a edge), in place. */
  export default function iterate(settings: object, nodes: Float32Array, edges: Float32Array): object;
}

declare module 'graphology-layout-noverlap/iterate.js' {
  /** One Noverlap step over NodeMatrix (x, y, size a node), in place. */
  export default function iterate(settings: object, nodes: Float32Array): { converged: boolean };
}

declare module 'graphology-layout-forceatlas2/helpers.js' {
  import type Graph from 'graphology';
  /** The matrices ForceAtlas2's iterate works on, from a graph with x, y, size and fixed attributes. */
  export function graphToByteArrays(
    graph: Graph,
    getEdgeWeight: (...args: unknown[]) => number,
  ): { nodes: Float32Array; edges: Float32Array };
}
