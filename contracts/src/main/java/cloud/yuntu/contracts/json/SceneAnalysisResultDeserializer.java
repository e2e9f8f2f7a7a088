package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.scene.SceneAnalysisResult;

public class SceneAnalysisResultDeserializer extends EventDeserializer<SceneAnalysisResult> {

    public SceneAnalysisResultDeserializer() {
        super(SceneAnalysisResult.class);
    }
}
