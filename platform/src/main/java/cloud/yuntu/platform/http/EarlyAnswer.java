package cloud.yuntu.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Ends an exchange whose answer went out before the client finished sending its body (an upload
 * refused by its announced length). HTTP/2 resets the stream with NO_ERROR, the protocol's own
 * "stop sending, the answer is complete". HTTP/1.1 can only close the connection, and the answer
 * must have said {@code Connection: close}; but not at once: closing a socket with unread bytes
 * makes the kernel send a reset, which can destroy the answer in the client's buffers before the
 * client read it. So a little more of the body is read and dropped for a moment (a lingering
 * close), then the connection is closed.
 */
public final class EarlyAnswer {

    /** Enough for the client to read the answer; far less than the uploads this refuses. */
    static final long LINGER_BYTES = 1024 * 1024;
    /** A client that stops sending without reading its answer does not hold the connection longer. */
    static final long LINGER_MILLIS = 2_000;

    private EarlyAnswer() {
    }

    /** Call once the answer has been written in full. Nothing happens if the body had ended. */
    public static void stopTheRestOfTheBody(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset(0);
            return;
        }
        long[] dropped = {0};
        long timer = vertx.setTimer(LINGER_MILLIS, fired -> request.connection().close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        };
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                close.run();
            }
        });
        request.endHandler(ended -> close.run());
        request.exceptionHandler(gone -> vertx.cancelTimer(timer));
        request.resume();
    }
}
