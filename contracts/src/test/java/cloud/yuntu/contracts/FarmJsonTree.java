package cloud.yuntu.contracts;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

final class FarmJsonTree {

    private FarmJsonTree() {
    }

    static JsonNode of(byte[] bytes) throws IOException {
        return FarmJson.mapper().readTree(bytes);
    }
}
