package cloud.yuntu.task.account;

import cloud.yuntu.task.auth.IdentityConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Password hashes: bcrypt (salted, deliberately slow) through Quarkus' Elytron BcryptUtil. Hashing
 * and checking run on a worker thread, never on the event loop. A check for an account without a
 * password (or without an account at all) runs against a dummy hash of the same cost, so its
 * answer takes as long as a real one and does not tell which usernames exist.
 */
@ApplicationScoped
public class Passwords {

    /** bcrypt reads only the first 72 bytes; a longer password would be cut silently, so it is refused. */
    public static final int MAX_BYTES = 72;
    public static final int MIN_LENGTH = 8;

    private final Vertx vertx;
    private final int cost;
    private final String dummyHash;

    public Passwords(Vertx vertx, IdentityConfig config) {
        this.vertx = vertx;
        this.cost = config.passwords().cost();
        this.dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    /** Why a new password cannot be accepted, or null when it can. */
    public static String problemWith(String password) {
        if (password.length() < MIN_LENGTH) {
            return "must have at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must have at most " + MAX_BYTES + " bytes (UTF-8)";
        }
        return null;
    }

    /** Blocking: for start-up code; request code uses {@link #hashLater}. */
    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public Uni<String> hashLater(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hash(password)));
    }

    /** Whether {@code password} matches {@code hash}; false, after the same work, when hash is null. */
    public Uni<Boolean> check(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            boolean usable = hash != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
            boolean matches = BcryptUtil.matches(usable ? password : "-", usable ? hash : dummyHash);
            return usable && matches;
        }));
    }
}
