package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.MultipartStore.StoredPart;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MultipartStore} backend promises, run once per backend by its subclass: parts
 * kept whole or not at all, verified against their MD5, replaced when sent again, joined in order
 * with the whole content's digests into a staged object committed like any other write, and
 * nothing left once aborted.
 */
public abstract class MultipartStoreContract {

    /** Parts above OSS' smallest (100 KB), so that every backend joins them. */
    protected static final int PART = 128 * 1024;

    /** The store under test, empty at the start of each test. */
    protected abstract StoreBackend store();

    /** Whatever the store still keeps of uploads (part files, OSS uploads, staging objects). */
    protected abstract List<String> uploadLeftovers() throws IOException;

    @Test
    void partsSentInAnyOrderJoinIntoOneObjectWithItsDigests() throws IOException {
        byte[] content = random(2 * PART + 1000);
        String upload = store().initiate();
        put(upload, 3, content);
        put(upload, 1, content);
        put(upload, 2, content);

        assertThat(store().listParts(upload)).containsExactly(described(1, content), described(2, content),
                described(3, content));
        ObjectKey key = ObjectKey.of("scenes/20250101/m/joined.ma");
        try (StagedObject staged = store().complete(upload, key, store().listParts(upload), Long.MAX_VALUE)) {
            IndependentDigest.Result expected = IndependentDigest.of(content);
            assertThat(staged.digests().size()).isEqualTo(content.length);
            assertThat(staged.digests().sha256()).isEqualTo(expected.sha256());
            assertThat(staged.digests().xxh64()).isEqualTo(expected.xxh64());
            assertThat(staged.digests().md5()).isEqualTo(expected.md5());
            assertThat(store().open(key)).isEmpty();
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(content);

        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
        assertThat(readAll(key)).isEqualTo(content);
    }

    @Test
    void whatAnUploadKeepsInTheWorkingAreaNamesItsUploadUntilItIsAborted() throws IOException {
        byte[] content = random(PART + 10);
        String upload = store().initiate();
        put(upload, 1, content);
        put(upload, 2, content);
        // Joined, not published: on OSS the parts are one staging object from now on.
        try (StagedObject joined = store().complete(upload, ObjectKey.of("scenes/20250101/m/held.ma"),
                store().listParts(upload), Long.MAX_VALUE)) {
            assertThat(allWork()).anyMatch(entry -> entry.upload().filter(upload::startsWith).isPresent());
        }

        store().abort(upload);
        assertThat(allWork()).noneMatch(entry -> entry.upload().filter(upload::startsWith).isPresent());
    }

    private List<ObjectStore.WorkEntry> allWork() throws IOException {
        List<ObjectStore.WorkEntry> entries = new ArrayList<>();
        String cursor = null;
        do {
            ObjectStore.Page<ObjectStore.WorkEntry> page = store().listWork(cursor, 100);
            entries.addAll(page.items());
            cursor = page.next().orElse(null);
        } while (cursor != null);
        return entries;
    }

    @Test
    void aPartSentAgainReplacesTheEarlierOne() throws IOException {
        String upload = store().initiate();
        byte[] first = random(PART);
        byte[] second = random(PART);
        store().putPart(upload, 1, new ByteArrayInputStream(first), PART, null);
        StoredPart stored = store().putPart(upload, 1, new ByteArrayInputStream(second), PART, md5(second));

        assertThat(stored).isEqualTo(new StoredPart(1, PART, IndependentDigest.of(second).md5()));
        assertThat(store().listParts(upload)).containsExactly(stored);
        store().abort(upload);
    }

    @Test
    void aPartThatDoesNotMatchItsMd5IsRefusedAndTheEarlierOneStays() throws IOException {
        String upload = store().initiate();
        byte[] kept = random(PART);
        StoredPart earlier = store().putPart(upload, 1, new ByteArrayInputStream(kept), PART, md5(kept));

        byte[] damaged = random(PART);
        assertThatThrownBy(() -> store().putPart(upload, 1, new ByteArrayInputStream(damaged), PART, md5(kept)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.problem().errors().getFirst().field()).isEqualTo("Content-MD5");
                });
        assertThatThrownBy(() -> store().putPart(upload, 2, new ByteArrayInputStream(damaged), PART, md5(kept)))
                .isInstanceOf(ProblemException.class);

        assertThat(store().listParts(upload)).containsExactly(earlier);
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void aBodyCutOffOrTooLongKeepsNothing() throws IOException {
        String upload = store().initiate();
        assertThatThrownBy(() -> store().putPart(upload, 1, new ByteArrayInputStream(random(PART - 1)), PART, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors().getFirst().field())
                        .isEqualTo("Content-Length"));
        assertThatThrownBy(() -> store().putPart(upload, 1, new ByteArrayInputStream(random(PART + 1)), PART, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
        InputStream reset = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > PART / 2) {
                    throw new IOException("connection reset by peer");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store().putPart(upload, 1, reset, PART, null)).hasMessageContaining("connection reset");

        assertThat(store().listParts(upload)).isEmpty();
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void aPartChangedSinceItWasDescribedStopsTheCompletionAndKeepsTheParts() throws IOException {
        byte[] content = random(PART + 10);
        String upload = store().initiate();
        put(upload, 1, content);
        put(upload, 2, content);
        List<StoredPart> described = store().listParts(upload);
        List<StoredPart> stale = List.of(new StoredPart(1, PART, "0".repeat(32)), described.get(1));
        ObjectKey key = ObjectKey.of("scenes/20250101/m/changed.ma");

        assertThatThrownBy(() -> store().complete(upload, key, stale, Long.MAX_VALUE))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409));

        assertThat(store().open(key)).isEmpty();
        try (StagedObject staged = store().complete(upload, key, described, Long.MAX_VALUE)) {
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(content);
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void aCompletionDiscardedBeforeCommitCanBeDoneAgain() throws IOException {
        byte[] content = random(PART + 5);
        String upload = store().initiate();
        put(upload, 1, content);
        put(upload, 2, content);
        ObjectKey key = ObjectKey.of("scenes/20250101/m/again.ma");

        try (StagedObject discarded = store().complete(upload, key, described(content), Long.MAX_VALUE)) {
            assertThat(discarded.digests().size()).isEqualTo(content.length);
        }
        assertThat(store().open(key)).isEmpty();
        try (StagedObject staged = store().complete(upload, key, described(content), Long.MAX_VALUE)) {
            assertThat(staged.digests().sha256()).isEqualTo(IndependentDigest.of(content).sha256());
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(content);
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void joinedPartsOverTheLimitAre413AndNothingIsPublished() throws IOException {
        byte[] content = random(2 * PART);
        String upload = store().initiate();
        put(upload, 1, content);
        put(upload, 2, content);
        ObjectKey key = ObjectKey.of("scenes/20250101/m/toolarge.ma");

        assertThatThrownBy(() -> store().complete(upload, key, described(content), PART + 1))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(store().open(key)).isEmpty();
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void abortingRemovesEveryPartAndAbortingAgainChangesNothing() throws IOException {
        byte[] content = random(PART * 2);
        String upload = store().initiate();
        put(upload, 1, content);
        put(upload, 2, content);

        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
        store().abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    /** Part {@code number} of {@code content} cut in {@link #PART}-byte parts, sent with its MD5. */
    protected final StoredPart put(String upload, int number, byte[] content) throws IOException {
        byte[] part = slice(content, number);
        return store().putPart(upload, number, new ByteArrayInputStream(part), part.length, md5(part));
    }

    private static StoredPart described(int number, byte[] content) {
        byte[] part = slice(content, number);
        return new StoredPart(number, part.length, IndependentDigest.of(part).md5());
    }

    private static List<StoredPart> described(byte[] content) {
        int count = (content.length + PART - 1) / PART;
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(n -> described(n, content)).toList();
    }

    private static byte[] slice(byte[] content, int number) {
        int from = (number - 1) * PART;
        return Arrays.copyOfRange(content, from, Math.min(content.length, from + PART));
    }

    protected static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    protected final byte[] readAll(ObjectKey key) throws IOException {
        try (InputStream in = store().open(key).orElseThrow().stream()) {
            return in.readAllBytes();
        }
    }
}
