package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersBecomeVisibleEscapesOnOneLine() {
        assertThat(LogText.escape("fg\n// Error: forged")).isEqualTo("fg\\n// Error: forged");
        assertThat(LogText.escape("a\rb\tc\u0000d\u001b[31me\u007f\u0085\u2028")).isEqualTo(
                "a\\rb\\tc\\u0000d\\u001b[31me\\u007f\\u0085\\u2028");
        assertThat(LogText.escape("plain |rig:cam <RenderLayer>/x ünï")).isEqualTo("plain |rig:cam <RenderLayer>/x ünï");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    @Test
    void rendererLinesKeepTheirTabs() {
        assertThat(LogText.rendererLine("\t\tBlock 1/10\r")).isEqualTo("\t\tBlock 1/10\\r");
    }

    @Test
    void findsControlCharacters() {
        assertThat(LogText.hasControl("fg\n")).isTrue();
        assertThat(LogText.hasControl("tab\there")).isTrue();
        assertThat(LogText.hasControl("fg_layer")).isFalse();
        assertThat(LogText.hasControl("\uFFFD")).as("the replacement character is harmless").isFalse();
        assertThat(LogText.hasControl(null)).isFalse();
    }
}
