// Regenerates cypher/schema.cypher from the schema model (npm run schema:write).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { CYPHER_DIR } from '../db/cypher-files';
import { schemaScriptFromModel } from '../schema/ddl';

const target = path.join(CYPHER_DIR, 'schema.cypher');
writeFileSync(target, schemaScriptFromModel());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
