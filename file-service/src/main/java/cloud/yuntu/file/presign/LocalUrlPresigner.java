package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * URLs of the form {@code <public-url>/api/files/blob/<key>?method=GET&expires=..&signature=..}, with a
 * chosen file name {@code ?method=GET&expires=..&name=..&signature=..}, and for uploads
 * {@code ?method=PUT&expires=..&size=..&sha256=..&upload=..&signature=..}.
 */
public final class LocalUrlPresigner implements Presigner {

    private final URI publicUrl;
    private final UrlSigner signer;

    public LocalUrlPresigner(URI publicUrl, UrlSigner signer) {
        String base = publicUrl.toString();
        this.publicUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.signer = signer;
    }

    @Override
    public URI presign(ObjectKey key, AccessMethod method, Instant expiresAt) {
        if (method == AccessMethod.PUT) {
            throw new IllegalArgumentException("an upload URL is bound to its content: use presignUpload");
        }
        long expires = expiresAt.getEpochSecond();
        return URI.create(publicUrl + BlobResource.PATH + "/" + encodePath(key) + "?method=" + method.name()
                + "&expires=" + expires + "&signature=" + signer.sign(method, key, Instant.ofEpochSecond(expires)));
    }

    @Override
    public URI presignDownload(ObjectKey key, String fileName, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return URI.create(publicUrl + BlobResource.PATH + "/" + encodePath(key) + "?method=" + AccessMethod.GET.name()
                + "&expires=" + expires + "&name=" + encode(fileName)
                + "&signature=" + signer.signDownload(key, Instant.ofEpochSecond(expires), fileName));
    }

    @Override
    public URI presignUpload(ObjectKey key, UploadTerms terms, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return URI.create(publicUrl + BlobResource.PATH + "/" + encodePath(key) + "?method=" + AccessMethod.PUT.name()
                + "&expires=" + expires + "&size=" + terms.size() + "&sha256=" + terms.sha256()
                + "&upload=" + terms.uploadId()
                + "&signature=" + signer.signUpload(key, Instant.ofEpochSecond(expires), terms));
    }

    /** Percent-encodes each segment, keeping '/' as the separator the blob route matches. */
    private static String encodePath(ObjectKey key) {
        return Arrays.stream(key.value().split("/"))
                .map(LocalUrlPresigner::encode)
                .collect(Collectors.joining("/"));
    }

    /** Percent-encoded, a space as {@code %20}: path and query both read that back as a space (a '+' only the query). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
