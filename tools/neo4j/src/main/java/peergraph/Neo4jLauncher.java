package peergraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.internal.Version;

/**
 * Runs the Neo4j 5 Community kernel with its Bolt server on loopback, for peergraph's tests.
 *
 * <p>Usage: {@code java -cp ... peergraph.Neo4jLauncher [--port N] [--data DIR] [--page-cache-mb N]
 * [--keep-stdin]},
 * with the password for user {@code neo4j} in the environment variable NEO4J_PASSWORD.
 * Port 0 (the default) lets the system pick a free port. Without {@code --data} the store lives
 * in a new temporary folder, deleted on exit; a reused {@code --data} folder keeps the password
 * it was first given. Prints one line, {@code ready bolt://127.0.0.1:PORT},
 * once Bolt accepts logins, then runs until SIGTERM or SIGINT, or until its standard input
 * closes (so a test run that dies does not leave a JVM behind); {@code --keep-stdin} turns that
 * last one off, for a server started by hand in the background. The page cache is 128 MB unless
 * {@code --page-cache-mb} says otherwise (a benchmark's store of 500 reports wants it to hold the store).
 */
public final class Neo4jLauncher {
    private static final String USER = "neo4j";

    private Neo4jLauncher() {}

    public static void main(String[] args) throws IOException {
        int port = 0;
        long pageCacheMb = 128;
        Path data = null;
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--page-cache-mb" -> pageCacheMb = Long.parseLong(value(args, ++i, "--page-cache-mb"));
                case "--keep-stdin" -> watchStdin = false;
                default -> fail("unknown argument " + args[i]);
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8 || password.equals(USER)) {
            fail("set NEO4J_PASSWORD to a password of 8 characters or more (not the default)");
        }
        boolean throwaway = data == null;
        Path home = throwaway ? Files.createTempDirectory("peergraph-neo4j-") : data;
        try {
            DatabaseManagementService service = start(home, port, pageCacheMb);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.shutdown();
                if (throwaway) {
                    delete(home);
                }
            }, "neo4j-launcher-stop"));
            setPassword(service, password);
            System.out.println("ready bolt://127.0.0.1:" + boltPort(service) + " neo4j " + Version.getNeo4jVersion());
            System.out.flush();
        } catch (RuntimeException error) {
            error.printStackTrace();
            System.exit(1); // Neo4j's own threads would otherwise keep a failed launcher alive
        }
        if (watchStdin) {
            while (System.in.read() != -1) {
                // Nothing is read from stdin; its end is the signal to stop.
            }
            System.exit(0); // runs the shutdown hook
        }
    }

    private static DatabaseManagementService start(Path home, int port, long pageCacheMb) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Small by default: the tests hold a few thousand nodes, on a machine shared by many.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // One plan per query and combination of null and set parameters, whatever the size of a
                // string or list: with size classes (0, 1, 10, 100...) a region of 13 letters after one of
                // 10 was planned again, 100-240 ms at 500 reports (graph/reads/plans.py).
                .setConfig(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false)
                // Netty waits a 5 s quiet period per Bolt connector on shutdown: 10 s per test run.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    /** A new store's user neo4j has password neo4j, "change required": the caller's replaces it. */
    private static void setPassword(DatabaseManagementService service, String password) {
        GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        boolean fresh = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = $user RETURN passwordChangeRequired",
                Map.of("user", USER),
                result -> result.hasNext() && Boolean.TRUE.equals(result.next().get("passwordChangeRequired")));
        if (fresh) {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        }
    }

    private static int boltPort(DatabaseManagementService service) {
        GraphDatabaseAPI database =
                (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        return database.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            fail(flag + " needs a value");
        }
        return args[index];
    }

    private static void fail(String message) {
        System.err.println("neo4j launcher: " + message);
        System.exit(2);
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
