package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds small synthetic scenes and analyses them. */
final class Scenes {

    private Scenes() {
    }

    static String ma(String body) {
        return "//Maya ASCII 2024 scene\n//Name: t.ma\n//Codeset: UTF-8\n" + body;
    }

    static SceneReport report(String maText) {
        return report(maText.getBytes(StandardCharsets.UTF_8), null);
    }

    static SceneReport report(String maText, List<String> uploaded) {
        return report(maText.getBytes(StandardCharsets.UTF_8), UploadManifest.of(uploaded));
    }

    static SceneReport report(String maText, Charset charset) {
        return report(maText.getBytes(charset), null);
    }

    static SceneReport report(byte[] bytes, UploadManifest manifest) {
        return new SceneAnalyser().analyse(new ByteArrayInputStream(bytes), "t.ma", manifest);
    }
}
