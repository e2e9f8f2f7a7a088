package cloud.yuntu.agent.transfer;

/**
 * A download or upload that did not verify within its attempts.
 *
 * @see #retryable() false when no later attempt can succeed (the object does not exist)
 * @see #unavailable() true when file-service (or the gateway in front of it) did not answer at all
 */
public class TransferFailed extends Exception {

    private final boolean retryable;
    private final boolean unavailable;

    public TransferFailed(String message, boolean retryable, Throwable cause) {
        this(message, retryable, false, cause);
    }

    private TransferFailed(String message, boolean retryable, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.unavailable = unavailable;
    }

    /**
     * file-service or the gateway in front of it could not be reached, or answered that it cannot serve now
     * (502, 503, 504): a restart or a rollout, nothing about this frame. Retryable, and tried again for longer
     * ({@link TransferAttempts}).
     */
    public static TransferFailed unavailable(String message, Throwable cause) {
        return new TransferFailed(message, true, true, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean unavailable() {
        return unavailable;
    }

    /** An answer that says the server (or the proxy before it) cannot serve now, as opposed to one about the request. */
    static boolean unavailableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }
}
