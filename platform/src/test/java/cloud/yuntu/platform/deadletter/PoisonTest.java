package cloud.yuntu.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures give a record up to the dead letters, and which keep it retried. */
class PoisonTest {

    private static DatabaseException database(String sqlState) {
        return new DatabaseException("refused", 0, sqlState) {
        };
    }

    @Test
    void theDatabaseRefusingTheDataIsTheRecordsFault() {
        assertThat(Poison.is(database("22021"))).as("a NUL in a text").isTrue();
        assertThat(Poison.is(database("22003"))).as("a number out of range").isTrue();
        assertThat(Poison.is(database("23505"))).as("a unique violation").isTrue();
        assertThat(Poison.is(database("23514"))).as("a check constraint").isTrue();
        assertThat(Poison.is(database("42703"))).as("an undefined column").isTrue();
    }

    @Test
    void theDatabaseBeingAwayBusyOrDeadlockedIsTheMoments() {
        assertThat(Poison.is(database("08006"))).as("connection failure").isFalse();
        assertThat(Poison.is(database("57P01"))).as("admin shutdown").isFalse();
        assertThat(Poison.is(database("53300"))).as("too many connections").isFalse();
        assertThat(Poison.is(database("40P01"))).as("deadlock").isFalse();
        assertThat(Poison.is(database("40001"))).as("serialization failure").isFalse();
        assertThat(Poison.is(database(null))).isFalse();
        assertThat(Poison.is(database("2"))).isFalse();
    }

    @Test
    void dataTheCodeCannotTakeIsTheRecordsFaultWhereverItIsWrapped() {
        assertThat(Poison.is(new IllegalArgumentException("frame -3"))).isTrue();
        assertThat(Poison.is(new NumberFormatException("x"))).isTrue();
        assertThat(Poison.is(new NullPointerException())).isTrue();
        assertThat(Poison.is(new DateTimeException("year 10000"))).isTrue();
        assertThat(Poison.is(new CompletionException(new ArithmeticException("/ by zero")))).isTrue();
        assertThat(Poison.is(new RuntimeException(new RuntimeException(database("23502"))))).isTrue();
    }

    @Test
    void everythingElseIsRetried() {
        assertThat(Poison.is(new TimeoutException("no answer"))).isFalse();
        assertThat(Poison.is(new IOException("connection reset"))).isFalse();
        assertThat(Poison.is(new IllegalStateException("pool closed"))).isFalse();
        assertThat(Poison.is(new RuntimeException("who knows"))).isFalse();
        assertThat(Poison.is(null)).isFalse();
    }
}
