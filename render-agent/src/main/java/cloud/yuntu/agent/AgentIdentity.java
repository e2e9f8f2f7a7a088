package cloud.yuntu.agent;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this agent is: its configured id, or the host name, which is what operators see in the farm. */
@ApplicationScoped
public class AgentIdentity {

    private final String host;
    private final String id;

    AgentIdentity(AgentConfig config) {
        this.host = hostName();
        this.id = config.id().filter(s -> !s.isBlank()).orElse(host);
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "render-agent";
        }
    }
}
