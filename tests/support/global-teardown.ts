// Jest global tear-down: stops the Neo4j that global-setup.ts started.
export default async function globalTeardown(): Promise<void> {
  await globalThis.__liaisonNeo4jStop?.();
}
