package cloud.yuntu.task.lifecycle;

import java.math.BigDecimal;

/**
 * How the user asked the task to run, beyond what it renders.
 *
 * @param testFrames {@code auto} or a frame list of frames that render first; null: none
 * @param stopAfterTest a test frame that dies fails the task before its other frames spend anything
 * @param approveAfterTest the task waits in AWAITING_APPROVAL with its estimate once its test frames finished
 * @param budget most the task may cost, in its tier's currency; null: no cap
 * @param chunkSize consecutive frames of a layer one job renders
 */
public record RunPolicy(String testFrames, boolean stopAfterTest, boolean approveAfterTest, BigDecimal budget,
        int chunkSize) {

    public static final RunPolicy DEFAULT = new RunPolicy(null, false, false, null, 1);

    public boolean tests() {
        return testFrames != null;
    }

    public RunPolicy withBudget(BigDecimal newBudget) {
        return new RunPolicy(testFrames, stopAfterTest, approveAfterTest, newBudget, chunkSize);
    }
}
