// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.velos.model.ErrorCode;
import dev.velos.model.VelosException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class EnvFileTest {
    @TempDir
    Path dir;

    private static Map<String, String> parse(String text) {
        return EnvFile.parse(text, ".env");
    }

    @Test
    void keyValueLinesCommentsBlankLinesAndExportAreRead() {
        Map<String, String> env = parse("""
                # database
                DB_HOST=localhost

                export DB_PORT=5432
                  NAME = spaced out  \t
                EMPTY=
                dotted.key=1
                """);
        assertThat(env).containsExactly(entry("DB_HOST", "localhost"), entry("DB_PORT", "5432"),
                entry("NAME", "spaced out"), entry("EMPTY", ""), entry("dotted.key", "1"));
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(parse("A='x\\ny # not a comment'  # a comment\nB=''"))
                .containsExactly(entry("A", "x\\ny # not a comment"), entry("B", ""));
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        Map<String, String> env = parse("A=\"line1\\nline2\\ttab \\\"q\\\" back\\\\slash \\x\" # comment\nB=\"a=b\"");
        assertThat(env.get("A")).isEqualTo("line1\nline2\ttab \"q\" back\\slash \\x");
        assertThat(env.get("B")).isEqualTo("a=b");
    }

    @Test
    void aHashAfterWhitespaceStartsACommentInUnquotedValues() {
        assertThat(parse("URL=http://x/#top\nPORT=80 # web\nCOLOR=#fff\nNONE= # nothing"))
                .containsExactly(entry("URL", "http://x/#top"), entry("PORT", "80"), entry("COLOR", "#fff"),
                        entry("NONE", ""));
    }

    @Test
    void theLastValueOfARepeatedKeyWinsAndOrderIsKept() {
        assertThat(parse("B=1\nA=2\nB=3")).containsExactly(entry("B", "3"), entry("A", "2"));
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreHandled() {
        assertThat(parse("\uFEFFA=1\r\nB=\"two\"\r\n")).containsExactly(entry("A", "1"), entry("B", "two"));
    }

    @Test
    void variablesAreNotExpanded() {
        assertThat(parse("A=${HOME}/x")).containsExactly(entry("A", "${HOME}/x"));
    }

    @Test
    void aLineWithoutEqualsNamesTheFileAndLine() {
        assertThatThrownBy(() -> parse("A=1\n\noops\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".env:3: expected KEY=VALUE, got 'oops'");
    }

    @Test
    void invalidNamesAndUnterminatedQuotesAreErrors() {
        assertThatThrownBy(() -> parse("1X=a")).hasMessageStartingWith(".env:1: invalid variable name '1X'");
        assertThatThrownBy(() -> parse("=a")).hasMessageStartingWith(".env:1: invalid variable name ''");
        assertThatThrownBy(() -> parse("A='open")).hasMessage(".env:1: unterminated single-quoted value");
        assertThatThrownBy(() -> parse("A=1\nB=\"open"))
                .hasMessageStartingWith(".env:2: unterminated double-quoted value");
        assertThatThrownBy(() -> parse("A=\"x\" y")).hasMessage(".env:1: unexpected text after the closing quote: 'y'");
    }

    @Test
    void loadReadsAFileAndReportsAMissingOne() throws Exception {
        Path file = Files.writeString(dir.resolve("app.env"), "export TOKEN='s3cr3t'\n");
        assertThat(EnvFile.load(file)).containsExactly(entry("TOKEN", "s3cr3t"));

        Path missing = dir.resolve("missing.env");
        assertThatThrownBy(() -> EnvFile.load(missing))
                .isInstanceOf(ConfigException.class)
                .isInstanceOf(VelosException.class)
                .hasMessage(missing + ": env file not found")
                .satisfies(e -> assertThat(((VelosException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void syntaxErrorsOfALoadedFileNameItsPath() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.env"), "A=1\nB\n");
        assertThatThrownBy(() -> EnvFile.load(file)).hasMessage(file + ":2: expected KEY=VALUE, got 'B'");
    }
}
