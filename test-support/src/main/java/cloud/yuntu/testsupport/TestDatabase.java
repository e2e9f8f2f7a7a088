package cloud.yuntu.testsupport;

/** A database of its own for one test JVM. */
public record TestDatabase(String name, String jdbcUrl, String reactiveUrl, String username, String password) {
}
