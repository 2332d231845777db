/*
 * Liaison's embedded Neo4j: starts Neo4j 5.26 Community in-process with only its Bolt connector,
 * bound to 127.0.0.1, for machines without a Docker engine. The Node server (or the test set-up)
 * starts this process, waits for the ready line on stdout, and stops it with SIGTERM. With
 * --password-file, Bolt requires user neo4j and that password (set, when it is new, by a first
 * start with Bolt off, before Bolt ever listens); LOAD CSV reads only <data>/import.
 */
package org.liaison.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

public final class Launcher {
    /** The line the Node side waits for; anything after the prefix is the Bolt URI. */
    static final String READY_PREFIX = "LIAISON_NEO4J_READY ";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.dataDir);

        String password = options.passwordFile == null ? null : readPassword(options.passwordFile);
        Path importDir = options.dataDir.resolve("import");
        Files.createDirectories(importDir);

        if (password != null && !passwordApplied(options.dataDir, password)) {
            // A new store (neo4j/neo4j), a store of a release without auth, or a new password file:
            // set the password with Bolt off, so no one can log in with the old credentials meanwhile.
            DatabaseManagementService setup = configure(options, password, importDir, false).build();
            try {
                awaitAvailable(setup, GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
                setPassword(setup, password);
            } finally {
                setup.shutdown();
            }
            markPasswordApplied(options.dataDir, password);
        }
        DatabaseManagementService service = configure(options, password, importDir, true).build();

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run shutdown hooks: shutting the service down there lets running
        // transactions finish and checkpoints the store, so nothing committed is lost.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("LIAISON_NEO4J_STOPPING");
            System.out.flush();
            service.shutdown();
            stopped.countDown();
        }, "liaison-neo4j-shutdown"));

        awaitAvailable(service, GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
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

    /** The DBMS's settings; with bolt false it opens no port at all (for setting the password). */
    static DatabaseManagementServiceBuilder configure(Options options, String password, Path importDir, boolean bolt) {
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(options.dataDir)
                .setConfig(BoltConnector.enabled, bolt)
                // Loopback only, and with a password unless the caller runs the launcher by hand without one.
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // The password is 32 random characters: a lock-out after failed attempts would only let
                // any local process lock the server's own driver out of new connections.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // LOAD CSV FROM 'file:///x' reads <data>/import/x and nothing outside it.
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(options.txTimeoutSeconds))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, options.txMemoryBytes)
                // Bolt waits 5 s of Netty quiet period plus 5 s for connections at shutdown by default;
                // the transactions are already closed and checkpointed by then, so 1 s each is plenty.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        if (options.txMemoryMaxBytes > 0)
            builder.setConfig(GraphDatabaseSettings.memory_transaction_max_size, options.txMemoryMaxBytes);
        if (options.procedures != null) builder.setConfig(GraphDatabaseSettings.procedure_allowlist, options.procedures);
        return builder;
    }

    static void awaitAvailable(DatabaseManagementService service, String database) {
        if (!service.database(database).isAvailable(Duration.ofSeconds(60).toMillis())) {
            System.err.println("Neo4j did not become available within 60 s");
            System.exit(2);
        }
    }

    /**
     * Beside the store: the SHA-256 of the password last set in it. Valid only while the system
     * database it was written for exists (a deleted store comes back with neo4j/neo4j).
     */
    static Path passwordMarker(Path dataDir) {
        return dataDir.resolve("neo4j-password.applied");
    }

    static boolean passwordApplied(Path dataDir, String password) throws java.io.IOException {
        Path marker = passwordMarker(dataDir);
        if (!Files.isDirectory(dataDir.resolve("data").resolve("databases").resolve("system"))) return false;
        if (!Files.isRegularFile(marker)) return false;
        return MessageDigest.isEqual(
                Files.readString(marker, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8),
                sha256(password).getBytes(StandardCharsets.UTF_8));
    }

    static void markPasswordApplied(Path dataDir, String password) throws java.io.IOException {
        Path marker = passwordMarker(dataDir);
        Path tmp = dataDir.resolve("neo4j-password.applied.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, sha256(password) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first line of the file; kept in a file (not an argument) so `ps` does not show it. */
    static String readPassword(Path file) throws java.io.IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.length() < 8) {
            System.err.println("neo4j-launcher: the password in " + file + " must have at least 8 characters");
            System.exit(65);
        }
        return password;
    }

    /**
     * Makes the password of user neo4j the given one. The embedded API runs with full rights and no
     * Bolt authentication, so this works on a new store (default password, change required), on a
     * store of a release without auth, and when the password file was replaced.
     */
    static void setPassword(DatabaseManagementService service, String password) {
        GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {
            // A restart with the same password: Neo4j refuses to "change" it to itself, which is fine.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) throw e;
        }
    }

    /** Command-line options: see usage in fail() below. */
    static final class Options {
        Path dataDir;
        int port = 7687;
        long pageCacheBytes = 512L * 1024 * 1024;
        long txTimeoutSeconds = 120;
        long txMemoryBytes = 2048L * 1024 * 1024;
        long txMemoryMaxBytes = 0;
        Path passwordFile;
        List<String> procedures;
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
                    case "--tx-memory-max" -> { o.txMemoryMaxBytes = mb(require(args[i], value)); i++; }
                    case "--password-file" -> { o.passwordFile = Path.of(require(args[i], value)).toAbsolutePath(); i++; }
                    case "--procedures" -> { o.procedures = Arrays.stream(require(args[i], value).split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList(); i++; }
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
                    + "\nusage: java -jar neo4j-launcher.jar --data DIR --port N [--pagecache MB] [--tx-timeout S]"
                    + " [--tx-memory MB (all transactions)] [--tx-memory-max MB (each transaction)]"
                    + " [--password-file FILE] [--procedures name,name.*,...] [--exit-on-stdin-eof]");
            System.exit(64);
        }
    }
}
