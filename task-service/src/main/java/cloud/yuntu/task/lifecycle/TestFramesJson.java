package cloud.yuntu.task.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code testFrames} as a client writes it: {@code "auto"}, a Maya frame list ({@code "1,50,100"}) or
 * a JSON array of frame numbers ({@code [1, 50, 100]}), which becomes the same frame list. Anything
 * else is a 422 naming the field, through the one problem mapping.
 */
final class TestFramesJson extends StdDeserializer<String> {

    private static final String EXPECTED = "must be auto, a frame list such as \"1,50,100\" or an array of frame numbers";

    TestFramesJson() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (!parser.isExpectedStartArrayToken()) {
            return context.reportInputMismatch(this, EXPECTED);
        }
        List<String> numbers = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_INT || numbers.size() >= TestFrames.MAX) {
                return context.reportInputMismatch(this, token == JsonToken.VALUE_NUMBER_INT
                        ? "must name at most " + TestFrames.MAX + " frames" : EXPECTED);
            }
            numbers.add(parser.getText());
        }
        // An empty array is an empty list, which the submission checks refuse by name.
        return String.join(",", numbers);
    }
}
