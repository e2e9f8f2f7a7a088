package cloud.yuntu.agent.transfer;

/**
 * A download or upload that did not verify within its attempts.
 *
 * @see #retryable() false when no later attempt can succeed (the object does not exist)
 */
public class TransferFailed extends Exception {

    private final boolean retryable;

    public TransferFailed(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
