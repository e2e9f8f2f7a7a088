package cloud.yuntu.contracts.frame;

/** One image a frame produced, after its upload was verified. */
public record FrameOutput(int frame, String fileName, StoredObject object) {
}
