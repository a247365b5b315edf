package io.surge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every Surge benchmark shares: average time per operation in microseconds, one fork, and
 * short default iterations sized for a small shared machine (the command line overrides them).
 *
 * <p>Each fork gets the Chronicle Map module flags of {@code jvm.flags} (and the root pom's
 * {@code chronicle.jvm.flags}); {@code ForkFlagsTests} fails the build when the lists drift apart.
 * A fork also inherits the launching JVM's own flags, so {@code java $(flags) -Djava.io.tmpdir=...
 * -jar benchmarks.jar} reaches the forks too; {@code -jvmArgsAppend} on the JMH command line would
 * replace this list, so pass extra flags to {@code java} instead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public abstract class BenchmarkBase {
}
