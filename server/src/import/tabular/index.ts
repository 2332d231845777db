// The spreadsheet importer's public door: mappings (load, list, validate) and the reader.
export { createTabularReader, summariseNames } from './reader';
export {
  fileGlob,
  findMappingForFile,
  listMappings,
  loadMapping,
  mappingJsonSchema,
  mappingSchema,
  parseMapping,
  MAPPINGS_DIR,
  type Mapping,
  type MappingInput,
  type MappingListing,
} from './mapping';
export { slug } from './template';
