package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.scene.SceneAnalysisRequested;

public class SceneAnalysisRequestedDeserializer extends EventDeserializer<SceneAnalysisRequested> {

    public SceneAnalysisRequestedDeserializer() {
        super(SceneAnalysisRequested.class);
    }
}
