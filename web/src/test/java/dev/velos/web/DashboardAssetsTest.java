// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files as shipped: every file is served (and nothing else), the page loads only
 * files that exist, and nothing in them needs what the Content-Security-Policy forbids (inline
 * scripts, styles or event handlers) or turns app output into HTML.
 */
class DashboardAssetsTest {
    private static final Path DIR = Path.of("src/main/resources/dev/velos/web/dashboard");

    private static List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void everyFileIsServedWithoutTheTokenAndNothingElseIsOpen() throws IOException {
        List<String> expected = files().stream().map(n -> n.equals("index.html") ? "/" : "/assets/" + n).sorted().toList();
        assertThat(DashboardAssets.openPaths().stream().sorted().toList()).isEqualTo(expected);
        DashboardAssets.load(); // every listed file is in the jar
    }

    @Test
    void thePageLoadsOnlyItsOwnFiles() throws IOException {
        String html = read("index.html");
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (m.find()) {
            assertThat(DashboardAssets.openPaths()).as("referenced by index.html").contains(m.group(1));
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(3);
        for (String js : files().stream().filter(n -> n.endsWith(".js")).toList()) {
            Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(read(js));
            while (imports.find()) {
                assertThat(DashboardAssets.openPaths()).as("imported by " + js).contains("/assets/" + imports.group(1));
            }
        }
    }

    @Test
    void nothingNeedsUnsafeInlineAndNothingRendersHtml() throws IOException {
        String html = read("index.html");
        assertThat(html).as("inline scripts").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).as("inline styles").doesNotContain("<style").doesNotContainPattern("\\sstyle=");
        assertThat(html).as("inline event handlers").doesNotContainPattern("\\son[a-z]+=");
        for (String js : files().stream().filter(n -> n.endsWith(".js")).toList()) {
            assertThat(read(js)).as(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                    "eval(", "new Function", "setAttribute('style'", ".style.cssText");
        }
    }
}
