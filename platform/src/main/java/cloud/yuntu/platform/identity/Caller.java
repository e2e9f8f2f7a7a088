package cloud.yuntu.platform.identity;

import java.util.Set;

/**
 * Who sent a request, as its verified token says: {@code id} is the token's subject, the user id
 * every owned resource (task, scene, result, analysis, event) is recorded under.
 *
 * <p>The ownership rule of the whole farm lives here: a user sees only what they own; admins
 * (operators) and services see everything; agents own nothing and reach files only through the
 * grants of the jobs they hold.
 */
public record Caller(String id, Set<String> roles) {

    /** Longest subject accepted; it is stored in owner columns of this size. */
    public static final int MAX_ID_LENGTH = 255;

    public Caller {
        if (id == null || id.isBlank()) {
            throw new InvalidCaller("the token has no subject");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidCaller("the token's subject is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            // A subject ends up in logs, object metadata and owner columns: no line breaks or NULs.
            throw new InvalidCaller("the token's subject contains control characters");
        }
        roles = Set.copyOf(roles);
    }

    public static Caller user(String id) {
        return new Caller(id, Set.of());
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean isAgent() {
        return roles.contains(Roles.AGENT);
    }

    public boolean isService() {
        return roles.contains(Roles.SERVICE);
    }

    /** Operators and services act across users; everybody else only on their own. */
    public boolean seesEverything() {
        return isAdmin() || isService();
    }

    /** Whether a resource owned by {@code ownerId} exists for this caller; if not it answers 404. */
    public boolean maySee(String ownerId) {
        return seesEverything() || (!isAgent() && id.equals(ownerId));
    }

    /** A token whose claims cannot name a caller; answered 401 like any other bad token. */
    public static final class InvalidCaller extends IllegalArgumentException {
        public InvalidCaller(String message) {
            super(message);
        }
    }
}
