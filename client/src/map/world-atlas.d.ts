// world-atlas ships its maps as plain TopoJSON files; Vite bundles the one the map imports as a module.
declare module 'world-atlas/countries-110m.json' {
  import type { Topology } from 'topojson-specification';

  const topology: Topology;
  export default topology;
}
