package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.agent.AgentCommand;

public class AgentCommandDeserializer extends EventDeserializer<AgentCommand> {

    public AgentCommandDeserializer() {
        super(AgentCommand.class);
    }
}
