package cloud.yuntu.task.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Optional;

/**
 * The farm's own identity provider (local accounts, token issuance) and the secrets of its
 * machines, prefix {@code yuntu.identity}. Give every secret by environment
 * ({@code YUNTU_IDENTITY_...}) or a secret file, never on a command line.
 */
@ConfigMapping(prefix = "yuntu.identity")
public interface IdentityConfig {

    /**
     * HS256 secret signing the grants in frame jobs (file-service holds the same). Required: a
     * farm whose jobs carry no grant gives its agents no files.
     */
    @Size(min = 32, message = "must have at least 32 characters")
    String jobGrantSecret();

    /** Client secret of render agents (client-credentials grant, groups ["agent"]); none: no agent gets a token. */
    Optional<@Size(min = 16, message = "must have at least 16 characters") String> agentSecret();

    /** Client secret of services acting on their own behalf (groups ["service"]); none: no service gets a token. */
    Optional<@Size(min = 16, message = "must have at least 16 characters") String> serviceSecret();

    BootstrapAdmin bootstrapAdmin();

    Passwords passwords();

    Login login();

    /** The operator account made at the first start, when there is none of that name. */
    interface BootstrapAdmin {

        @WithDefault("admin")
        String username();

        /** Its password; none: no account is made. */
        Optional<String> password();
    }

    interface Passwords {

        /** bcrypt cost (log2 of the rounds) of new password hashes. */
        @WithDefault("10")
        @Min(10)
        @Max(16)
        int cost();
    }

    /**
     * Repeated failed sign-ins of one username are slowed down: after {@code free-failures}
     * consecutive failures, the next attempt must wait {@code first-delay}, doubling with each
     * further failure up to {@code max-delay}; an attempt sooner answers 429 with Retry-After
     * without its password being checked. A successful sign-in, or an admin setting the account,
     * clears the count.
     */
    interface Login {

        @WithDefault("5")
        @Min(0)
        int freeFailures();

        @WithDefault("PT1S")
        Duration firstDelay();

        @WithDefault("PT15M")
        Duration maxDelay();
    }
}
