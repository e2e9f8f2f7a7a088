package cloud.yuntu.agent.transfer;

/**
 * An output's key already holds a confirmed result with other content: another attempt of the frame
 * completed first, and file-service never replaces a confirmed result, so no attempt of this frame
 * can store its own output.
 */
public class ResultConfirmedOtherwise extends TransferFailed {

    public ResultConfirmedOtherwise(String message) {
        super(message, false, null);
    }
}
