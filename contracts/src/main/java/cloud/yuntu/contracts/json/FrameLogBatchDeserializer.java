package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.frame.FrameLogBatch;

public class FrameLogBatchDeserializer extends EventDeserializer<FrameLogBatch> {

    public FrameLogBatchDeserializer() {
        super(FrameLogBatch.class);
    }
}
