package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.frame.FrameEvent;

public class FrameEventDeserializer extends EventDeserializer<FrameEvent> {

    public FrameEventDeserializer() {
        super(FrameEvent.class);
    }
}
