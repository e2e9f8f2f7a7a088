package cloud.yuntu.contracts.frame;

public record Resolution(int width, int height) {
}
