package cloud.yuntu.e2e.dispatchload;

import cloud.yuntu.agent.AgentConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The render agent's own defaults, read from its {@link AgentConfig} (the {@code @WithDefault} of each setting),
 * so a simulated agent heartbeats, locks and polls as often as a real one does without a copy of the numbers.
 */
final class AgentDefaults {

    private AgentDefaults() {
    }

    /** {@code yuntu.agent.heartbeat-interval}. */
    static Duration heartbeatInterval() {
        return duration(AgentConfig.class, "heartbeatInterval");
    }

    /** {@code yuntu.agent.share-group.record-lock-duration}, set on the lane's share group. */
    static Duration recordLock() {
        return duration(AgentConfig.ShareGroup.class, "recordLockDuration");
    }

    /** {@code yuntu.agent.share-group.poll-timeout}: the longest wait of one poll for the next job. */
    static Duration pollTimeout() {
        return duration(AgentConfig.ShareGroup.class, "pollTimeout");
    }

    /** {@code yuntu.agent.share-group.metadata-max-age}. */
    static Duration metadataMaxAge() {
        return duration(AgentConfig.ShareGroup.class, "metadataMaxAge");
    }

    private static Duration duration(Class<?> settings, String name) {
        try {
            WithDefault value = settings.getMethod(name).getAnnotation(WithDefault.class);
            if (value == null) {
                throw new IllegalStateException(settings.getName() + "." + name + " has no default");
            }
            return DurationConverter.parseDuration(value.value());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("The render agent has no setting " + settings.getName() + "." + name, e);
        }
    }
}
