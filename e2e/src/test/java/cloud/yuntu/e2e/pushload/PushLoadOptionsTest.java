package cloud.yuntu.e2e.pushload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PushLoadOptionsTest {

    @Test
    void defaultsAreTenThousandConnectionsOfFiveEachAtTwoThousandEventsForAMinute() {
        PushLoadOptions options = PushLoadOptions.parse();

        assertThat(options).isEqualTo(new PushLoadOptions(10_000, 2_000, 60, 2_000));
    }

    @Test
    void usersDefaultToTheFewestThatKeepEveryoneWithinTheCap() {
        assertThat(PushLoadOptions.parse("--connections", "1001").users()).isEqualTo(201);
        assertThat(PushLoadOptions.parse("--connections", "3", "--rate", "7", "--seconds", "2").users()).isEqualTo(1);
    }

    @Test
    void connectionsAreSpreadOverTheUsersAtMostFiveEach() {
        PushLoadOptions options = PushLoadOptions.parse("--connections", "1001", "--users", "201");

        int[] perUser = new int[options.users()];
        IntStream.range(0, options.connections()).forEach(i -> perUser[options.userOf(i)]++);

        assertThat(IntStream.of(perUser).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(4, 5));
        IntStream.range(0, options.users()).forEach(u -> assertThat(options.connectionsOf(u)).isEqualTo(perUser[u]));
    }

    @Test
    void moreConnectionsPerUserThanTheGatewayAllowsAreRefusedNamingTheFewestUsers() {
        assertThatThrownBy(() -> PushLoadOptions.parse("--connections", "1000", "--users", "199"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the gateway's cap of 5")
                .hasMessageContaining("--users 200 or more");
    }

    @Test
    void unknownOrIncompleteOrNonNumericOptionsAreRefused() {
        assertThatThrownBy(() -> PushLoadOptions.parse("--clients", "5")).hasMessage(PushLoadOptions.USAGE);
        assertThatThrownBy(() -> PushLoadOptions.parse("--rate")).hasMessage(PushLoadOptions.USAGE);
        assertThatThrownBy(() -> PushLoadOptions.parse("--rate", "lots")).hasMessageContaining("--rate takes a whole number");
        assertThatThrownBy(() -> PushLoadOptions.parse("--seconds", "0")).hasMessageContaining("1 or more");
        assertThatThrownBy(() -> PushLoadOptions.parse("--connections", "10", "--users", "11"))
                .hasMessageContaining("--users must be between 1 and --connections");
    }
}
