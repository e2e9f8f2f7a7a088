package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.frame.FrameJob;

public class FrameJobDeserializer extends EventDeserializer<FrameJob> {

    public FrameJobDeserializer() {
        super(FrameJob.class);
    }
}
