// Types for the few talisman modules entity resolution uses; the package ships none.
declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity of two strings, 0..1 (1: equal). */
  function jaroWinkler(a: string, b: string): number;
  export default jaroWinkler;
}
