/**
 * Facts of Maya's scene format that more than one service reads scenes by, kept once so they cannot
 * drift apart: {@link cloud.yuntu.contracts.maya.MayaFileNodes}, which node types load files through
 * which attributes. scene-service's analysis lists a scene's dependencies by it, and render-agent's
 * simulated renderer reads the same files a real Maya would load; the agent does not depend on
 * scene-service, so the table lives here.
 *
 * <p>Plain JDK code only: the simulated renderer runs as its own process with this module's jar on
 * its class path and none of its libraries.
 */
package cloud.yuntu.contracts.maya;
