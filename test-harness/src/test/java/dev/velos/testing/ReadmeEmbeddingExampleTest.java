// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Embedding the supervisor" example compiles and does what the README says. */
class ReadmeEmbeddingExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("## Embedding the supervisor.*?```java\\n(.*?)```",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theReadmeExampleCompilesAndPrintsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = JAVA_BLOCK.matcher(readme);
        assertThat(m.find()).as("README has a java block under 'Embedding the supervisor'").isTrue();
        String source = m.group(1);
        assertThat(source.lines().count()).as("a short example").isLessThanOrEqualTo(30);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(cls.find()).isTrue();
        Path file = dir.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", dir.toString(), "-cp",
                System.getProperty("java.class.path"), file.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        String output = runMain(cls.group(1));

        assertThat(output.lines().toList()).containsExactly("[hello] hello from velos", "hello exited with code 0");
    }

    private String runMain(String className) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noProcessBuilderInTheDaemonSideModules() throws Exception {
        for (String module : List.of("supervisor", "native-bindings", "daemon")) {
            Path main = Path.of("..", module, "src", "main");
            if (!Files.exists(main)) {
                continue;
            }
            try (var files = Files.walk(main)) {
                List<Path> offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                    try {
                        String text = Files.readString(p);
                        return text.contains("ProcessBuilder") || text.contains("Runtime.getRuntime().exec");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
                assertThat(offenders).as("ProcessBuilder/Runtime.exec in %s main code", module).isEmpty();
            }
        }
    }
}
