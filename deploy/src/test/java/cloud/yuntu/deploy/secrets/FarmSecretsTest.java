package cloud.yuntu.deploy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FarmSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void madeOnceOwnerOnlyAndKeptAcrossStarts() throws Exception {
        Path dir = dataDir.resolve("secrets");
        FarmSecrets first = FarmSecrets.in(dir);
        FarmSecrets again = FarmSecrets.in(dir);

        assertThat(again).isEqualTo(first);
        assertThat(Files.getPosixFilePermissions(dir)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.equals(first.tokenKeys().publicKey())).toList()) {
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
        }
        assertThat(Files.readString(first.tokenKeys().privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void everySecretIsItsOwnStrongRandomValue() {
        FarmSecrets s = FarmSecrets.in(dataDir.resolve("secrets"));
        List<String> values = List.of(s.urlSigningKey(), s.agentSecret(), s.serviceSecret(), s.jobGrantSecret(), s.adminPassword());
        assertThat(values).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(32));
        assertThat(FarmSecrets.in(dataDir.resolve("other")).agentSecret()).isNotEqualTo(s.agentSecret());
    }

    @Test
    void printsNoSecret() {
        FarmSecrets s = FarmSecrets.in(dataDir.resolve("secrets"));
        assertThat(s.toString()).doesNotContain(s.adminPassword(), s.agentSecret(), s.serviceSecret(), s.jobGrantSecret(),
                s.urlSigningKey());
    }

    @Test
    void adminPasswordOfAFarmNeverStartedIsAClearError() {
        assertThatThrownBy(() -> FarmSecrets.adminPasswordIn(dataDir.resolve("secrets")))
                .hasMessageContaining("has this farm been started once");
        FarmSecrets s = FarmSecrets.in(dataDir.resolve("secrets"));
        assertThat(FarmSecrets.adminPasswordIn(dataDir.resolve("secrets"))).isEqualTo(s.adminPassword());
    }
}
