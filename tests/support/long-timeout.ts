// Integration and end-to-end tests talk to a real database and browser: allow them time.
// (Jest ignores testTimeout inside `projects` entries, so it is set here.)
import { jest } from '@jest/globals';

jest.setTimeout(120_000);
