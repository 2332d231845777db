// Builds the embedded Neo4j launcher (neo4j-launcher/, Java 17 + Maven) when it is missing or older
// than its sources. `--force` rebuilds. Skipped when NEO4J_URI points at a Neo4j of your own.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ROOT, fail, has, mtime, newest, run, say } from './lib.mjs';

const force = process.argv.includes('--force');
if (process.env.NEO4J_URI && !force) process.exit(0);

const DOCKER_HINT = 'or run Neo4j with Docker (`docker compose up`) and set NEO4J_URI=bolt://localhost:7687.';
if (!has('java', ['-version']))
  fail(`Java 17 is needed for the embedded Neo4j and \`java\` was not found: install a JDK 17 and Maven, ${DOCKER_HINT}`);

const jar = 'neo4j-launcher/target/neo4j-launcher.jar';
const fresh =
  existsSync(path.join(ROOT, jar)) &&
  existsSync(path.join(ROOT, 'neo4j-launcher/target/lib')) &&
  mtime(jar) >= newest(['neo4j-launcher/pom.xml', 'neo4j-launcher/src']);
if (fresh && !force) process.exit(0);

if (!has('mvn', ['-v']))
  fail(`Maven is needed to build the embedded Neo4j launcher and \`mvn\` was not found: install Maven, ${DOCKER_HINT}`);
say('building the embedded Neo4j launcher with Maven (first time: downloads Neo4j 5.26 from Maven Central) …');
const result = run('mvn', ['-B', '-q', '-f', 'neo4j-launcher/pom.xml', 'package', '-DskipTests']);
if (!result.ok) fail('The Maven build of neo4j-launcher failed; see the messages above.');
