// The FollowTheMoney importer's public door: the pipeline loads createFtmReader from here.
export { createFtmReader, ftmNodeId } from './reader';
