package cloud.yuntu.platform.identity;

/**
 * The roles a token's {@code groups} claim may carry. A token without any of them is a user's.
 * Operators are {@code admin}; render nodes authenticate as {@code agent}; a service acting on
 * its own behalf (not for a user) as {@code service}.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String AGENT = "agent";
    public static final String SERVICE = "service";

    private Roles() {
    }
}
