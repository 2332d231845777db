// Edits in the app (issue 12, item 2): adding facts with their evidence, correcting them,
// retracting them, and changing a citation's status; each records its Change (server/src/history).
export { createBody, createFacts, type CreateBody, type CreateResult } from './create';
export { correctBody, correctFact, factNotFound, type CorrectBody, type EditResult } from './correct';
export { retractBody, retractFact, type RetractResult } from './retract';
export { statusBody, setCitationStatus, type StatusBody } from './status';
export { bundleProperties } from './facts';
export { plainFact, readSnapshot, readSnapshots, snapshotList, snapshotType, storedProps } from './snapshot';
