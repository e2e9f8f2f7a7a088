package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.KeyLayout;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.problem.ProblemException;

/**
 * The keys a URL may name: one of the three layouts exactly ({@link KeyLayout#strict}), and for PUT
 * not an asset, whose content only {@code PUT /api/assets/{sha256}} writes (it checks the name is the hash).
 */
final class PresignKeys {

    private PresignKeys() {
    }

    /** @throws ProblemException 422 on field {@code key} */
    static ObjectKey of(String value, AccessMethod method) {
        ObjectKey key = KeyLayout.strict(value);
        if (method == AccessMethod.PUT && KeyLayout.kindOf(key).orElseThrow() == KeyLayout.Kind.ASSET) {
            throw ProblemException.invalidField("key",
                    "assets are written only by PUT /api/assets/{sha256}, never through a presigned URL");
        }
        return key;
    }
}
