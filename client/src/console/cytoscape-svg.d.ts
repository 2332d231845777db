// cytoscape-svg ships no type declarations; it is a Cytoscape extension adding cy.svg() (typed in export-menu.ts).
declare module 'cytoscape-svg' {
  import type { Ext } from 'cytoscape';
  const svg: Ext;
  export default svg;
}
