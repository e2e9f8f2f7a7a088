package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.agent.AgentHeartbeat;

public class AgentHeartbeatDeserializer extends EventDeserializer<AgentHeartbeat> {

    public AgentHeartbeatDeserializer() {
        super(AgentHeartbeat.class);
    }
}
