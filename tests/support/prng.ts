// The seeded generator of the fuzzer and the benchmarks: the client's own (client/src/shared/prng.ts),
// so a seed gives the same sequence in the explorer's layouts, the tests and the benches.
export { seededRandom as prng } from '../../client/src/shared/prng';
