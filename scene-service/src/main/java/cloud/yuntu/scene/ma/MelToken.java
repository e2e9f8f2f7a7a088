package cloud.yuntu.scene.ma;

/** One token of a MEL statement; {@code quoted} tells a string literal from a bare word. */
record MelToken(String text, boolean quoted, long offset) {

    boolean isFlag() {
        return !quoted && text.length() > 1 && text.charAt(0) == '-' && !Character.isDigit(text.charAt(1))
                && text.charAt(1) != '.';
    }
}
