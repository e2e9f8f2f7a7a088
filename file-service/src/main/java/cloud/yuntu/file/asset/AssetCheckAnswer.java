package cloud.yuntu.file.asset;

import java.util.List;

/** The answer of {@code POST /api/assets/check}: the contents the caller still has to upload, in request order. */
public record AssetCheckAnswer(List<String> missing) {
}
