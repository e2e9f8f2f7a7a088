package cloud.yuntu.task.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A local account of the farm's own identity provider (the embedded default; with an OpenID
 * Connect provider the farm keeps none). The username is the {@code sub} of its tokens and so
 * the owner id of everything the user makes.
 */
@Entity
@Table(name = "account", schema = "task")
public class Account {

    /** Usernames: short, and safe in logs, object metadata and URLs. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final String USERNAME_RULE = "must be 1 to 64 letters, digits or . _ @ -";

    @Id
    public String username;

    /** bcrypt hash; null for an account that gets tokens only through an admin. */
    @Column(name = "password_hash")
    public String passwordHash;

    public boolean admin;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Failed sign-ins since the last successful one (see {@link LoginThrottle}). */
    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "last_failed_at")
    public Instant lastFailedAt;

    public static boolean validUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }
}
