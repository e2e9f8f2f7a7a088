package cloud.yuntu.deploy.postgres;

/** A login role of the application. */
public record DatabaseUser(String name, String password) {

    /** The role the local farm and the tests use; never for a server reachable from outside. */
    public static DatabaseUser localDefault() {
        return new DatabaseUser("yuntu", "yuntu");
    }
}
