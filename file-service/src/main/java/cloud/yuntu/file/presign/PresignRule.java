package cloud.yuntu.file.presign;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.JobGrant;
import java.util.Optional;

/**
 * Who may have a URL for which key and method. Admins and services: any. Render agents: only what
 * a verified grant of a job they hold allows (its scene to read, its task's result prefix to
 * write), and reading the project files (assets) the grant's owner uploaded. Users: reading
 * objects they own; they never write through a URL, they upload scenes through
 * {@code POST /api/files/scenes}, which records them as owner.
 */
public final class PresignRule {

    public enum Decision {
        /** Sign it. */
        ALLOW,
        /** Sign it only if the object exists and belongs to the caller; otherwise 404. */
        IF_OWNED,
        /**
         * Sign it only if the grant's owner uploaded the asset the key names (holds a reference to
         * that content); otherwise 404. The grant alone cannot say: only file-service knows who
         * uploaded what, and the same content uploaded by somebody else gives the owner nothing.
         */
        IF_UPLOADED_BY_GRANT_OWNER,
        /** 404, the answer of a missing object: the caller learns nothing about the key. */
        NOT_FOUND,
        /** 403: the caller's kind may never do this, whatever the key. */
        FORBIDDEN
    }

    private PresignRule() {
    }

    /** @param grant the agent's grant once verified, empty when absent or not genuine */
    public static Decision decide(Caller caller, AccessMethod method, String key, Optional<JobGrant> grant) {
        if (caller.seesEverything()) {
            return Decision.ALLOW;
        }
        if (caller.isAgent()) {
            if (grant.isEmpty()) {
                return Decision.NOT_FOUND;
            }
            if (grant.get().allows(method.name(), key)) {
                return Decision.ALLOW;
            }
            return grant.get().assetToRead(method.name(), key).isPresent()
                    ? Decision.IF_UPLOADED_BY_GRANT_OWNER : Decision.NOT_FOUND;
        }
        return method == AccessMethod.GET ? Decision.IF_OWNED : Decision.FORBIDDEN;
    }
}
