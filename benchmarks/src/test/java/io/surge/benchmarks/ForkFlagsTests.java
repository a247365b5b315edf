package io.surge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/** The JMH forks must get the same Chronicle Map flags as the server and the tests. */
@DisplayName("JMH fork flags")
class ForkFlagsTests {
  private static final List<String> FORK_FLAGS =
      List.of(BenchmarkBase.class.getAnnotation(Fork.class).jvmArgsAppend());

  @Test
  @DisplayName("the forks' JVM flags are the lines of jvm.flags, in order")
  void forkFlagsMatchTheJvmFlagsFile() throws Exception {
    List<String> file = Files.readAllLines(Path.of(System.getProperty("surge.jvmFlagsFile")))
        .stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
    assertThat(FORK_FLAGS).containsExactlyElementsOf(file);
  }

  @Test
  @DisplayName("the forks' JVM flags are the root pom's chronicle.jvm.flags, in order")
  void forkFlagsMatchThePomProperty() {
    String property = System.getProperty("chronicle.jvm.flags");
    assertThat(property).isNotBlank();
    assertThat(FORK_FLAGS).containsExactlyElementsOf(Arrays.asList(property.trim().split("\\s+")));
  }
}
