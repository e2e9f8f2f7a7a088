package cloud.yuntu.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads HTTP/1.1 answers off a socket by hand, for tests that must see what a connection does between them. */
final class RawHttp {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?m)^content-length:\\s*(\\d+)\\s*$");

    private RawHttp() {
    }

    /** The status line and headers, up to and with the empty line; fails if the connection ends first. */
    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before an answer's head: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads the body a head announced by its {@code Content-Length}. */
    static byte[] body(InputStream in, String head) throws IOException {
        Matcher length = CONTENT_LENGTH.matcher(head.toLowerCase(Locale.ROOT).replace("\r", ""));
        if (!length.find()) {
            throw new IllegalArgumentException("no Content-Length in " + head);
        }
        int size = Integer.parseInt(length.group(1));
        byte[] body = in.readNBytes(size);
        if (body.length < size) {
            throw new IOException("the connection ended " + body.length + " bytes into a body of " + size);
        }
        return body;
    }
}
