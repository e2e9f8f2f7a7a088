package cloud.yuntu.gateway.limit;

import cloud.yuntu.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The gateway's rate limits: per caller for every authenticated {@code /api} request (content
 * uploads on a budget of their own), per client address for the token endpoint. A request over the limit is refused with 429 problem+json and
 * {@code Retry-After}, before it reaches a service.
 */
@ApplicationScoped
public class RequestLimits {

    private static final double SECONDS_PER_MINUTE = 60;

    private final Limiter perCaller;
    private final Limiter transfersPerCaller;
    private final Limiter perAddress;
    private final LimitsConfig config;

    RequestLimits(LimitsConfig config) {
        this.config = config;
        this.perCaller = new Limiter(config.burst(), config.requestsPerSecond(), config.trackedClients(), System::nanoTime);
        this.transfersPerCaller = new Limiter(config.transferBurst(), config.transfersPerSecond(), config.trackedClients(),
                System::nanoTime);
        this.perAddress = new Limiter(config.tokenBurst(), config.tokenRequestsPerMinute() / SECONDS_PER_MINUTE,
                config.trackedClients(), System::nanoTime);
    }

    /** @throws ProblemException 429 when the caller is over its rate */
    public void admitCaller(String callerId) {
        Duration wait = perCaller.take(callerId);
        if (!wait.isZero()) {
            throw ProblemException.tooManyRequests("more than " + config.requestsPerSecond()
                    + " requests per second (bursts of " + config.burst() + "); slow down", wholeSeconds(wait));
        }
    }

    /** @throws ProblemException 429 when the caller uploads content faster than its transfer rate */
    public void admitTransfer(String callerId) {
        Duration wait = transfersPerCaller.take(callerId);
        if (!wait.isZero()) {
            throw ProblemException.tooManyRequests("more than " + config.transfersPerSecond()
                    + " uploads per second (bursts of " + config.transferBurst() + "); slow down", wholeSeconds(wait));
        }
    }

    /** @throws ProblemException 429 when the address asked for too many tokens */
    public void admitTokenRequest(String address) {
        Duration wait = perAddress.take(address);
        if (!wait.isZero()) {
            throw ProblemException.tooManyRequests("more than " + config.tokenRequestsPerMinute()
                    + " token requests per minute from this address (bursts of " + config.tokenBurst() + ")",
                    wholeSeconds(wait));
        }
    }

    /** Retry-After counts whole seconds: round up, so a client that waits as told is let through. */
    static Duration wholeSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
