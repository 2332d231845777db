// The Popolo importer's public door: the pipeline loads createPopoloReader from here.
export { createPopoloReader } from './reader';
