/*
 * Liaison's embedded Neo4j: starts Neo4j 5.26 Community in-process with only its Bolt connector,
 * bound to 127.0.0.1, for machines without a Docker engine. The Node server (or the test set-up)
 * starts this process, waits for the ready line on stdout, and stops it with SIGTERM.
 */
package org.liaison.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

public final class Launcher {
    /** The line the Node side waits for; anything after the prefix is the Bolt URI. */
    static final String READY_PREFIX = "LIAISON_NEO4J_READY ";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.dataDir);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(options.dataDir)
                .setConfig(BoltConnector.enabled, true)
                // Loopback only: the embedded instance runs without authentication.
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(options.txTimeoutSeconds))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, options.txMemoryBytes)
                // Bolt waits 5 s of Netty quiet period plus 5 s for connections at shutdown by default;
                // the transactions are already closed and checkpointed by then, so 1 s each is plenty.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run shutdown hooks: shutting the service down there lets running
        // transactions finish and checkpoints the store, so nothing committed is lost.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("LIAISON_NEO4J_STOPPING");
            System.out.flush();
            service.shutdown();
            stopped.countDown();
        }, "liaison-neo4j-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
            System.err.println("Neo4j did not become available within 60 s");
            System.exit(2);
        }
        System.out.println(READY_PREFIX + "bolt://127.0.0.1:" + options.port);
        System.out.flush();
        if (options.exitOnStdinEof) {
            // The parent holds our stdin open; when it dies, even by SIGKILL, stdin reaches EOF and
            // we shut down cleanly instead of living on as an orphan holding the store lock.
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) { /* ignore input */ }
                } catch (java.io.IOException ignored) { /* treat as EOF */ }
                System.exit(0);
            }, "liaison-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    /** Command-line options: --data DIR --port N [--pagecache MB] [--tx-timeout S] [--tx-memory MB] [--exit-on-stdin-eof]. */
    static final class Options {
        Path dataDir;
        int port = 7687;
        long pageCacheBytes = 512L * 1024 * 1024;
        long txTimeoutSeconds = 120;
        long txMemoryBytes = 2048L * 1024 * 1024;
        boolean exitOnStdinEof = false;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data" -> { o.dataDir = Path.of(require(args[i], value)).toAbsolutePath(); i++; }
                    case "--port" -> { o.port = Integer.parseInt(require(args[i], value)); i++; }
                    case "--pagecache" -> { o.pageCacheBytes = mb(require(args[i], value)); i++; }
                    case "--tx-timeout" -> { o.txTimeoutSeconds = Long.parseLong(require(args[i], value)); i++; }
                    case "--tx-memory" -> { o.txMemoryBytes = mb(require(args[i], value)); i++; }
                    case "--exit-on-stdin-eof" -> o.exitOnStdinEof = true;
                    default -> fail("unknown option " + args[i]);
                }
            }
            if (o.dataDir == null) fail("--data DIR is required");
            return o;
        }

        private static long mb(String v) { return Long.parseLong(v) * 1024 * 1024; }

        private static String require(String flag, String value) {
            if (value == null) fail(flag + " needs a value");
            return value;
        }

        private static void fail(String message) {
            System.err.println("neo4j-launcher: " + message
                    + "\nusage: java -jar neo4j-launcher.jar --data DIR --port N [--pagecache MB] [--tx-timeout S] [--tx-memory MB] [--exit-on-stdin-eof]");
            System.exit(64);
        }
    }
}
