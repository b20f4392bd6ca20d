// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium, see {@link Browser}) against a real daemon
 * and a real {@code velos api}: the page loads, the table shows the apps, the buttons act, log
 * lines arrive live and stay text, a phone-sized screen gets a layout of its own, and any page
 * error — an exception, a failed load, a CSP violation — fails the test. Each test leaves a
 * screenshot in {@code target/screenshots/}.
 */
@org.junit.jupiter.api.parallel.Isolated("load-sensitive: runs alone while the other end-to-end classes run two at a time")
class DashboardBrowserTest extends EndToEndTest {
    private ServerProcess api;
    private Browser browser;
    private boolean errorsAllowed;

    private String token() throws Exception {
        return Files.readString(velos.home.resolve("api.token")).strip();
    }

    private void open(int width, int height) throws Exception {
        Browser.assumeInstalled();
        api = ServerProcess.start(velos, Map.of(), "api", "-p", "0");
        browser = Browser.start(width, height);
        browser.driver.get(api.url("/#token=" + token()));
    }

    @AfterEach
    void screenshotAndCheckErrors(TestInfo test) {
        try {
            if (browser != null) {
                browser.screenshot(test.getTestMethod().orElseThrow().getName());
                if (!errorsAllowed) {
                    assertThat(browser.errors()).as("errors in the page").isEmpty();
                }
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (api != null) {
                api.close();
            }
        }
    }

    private WebElement row(String name) {
        return browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#processes tbody tr[data-name='" + name + "']")));
    }

    private String cellText(String name, String cls) {
        return row(name).findElement(By.cssSelector("td." + cls)).getText();
    }

    private void select(String name) {
        row(name).click();
        browser.waiting().until(d -> d.findElement(By.id("detail-name")).getText().equals(name));
    }

    private void waitLive() {
        browser.waiting().until(d -> "on".equals(d.findElement(By.id("live")).getDomAttribute("data-state")));
    }

    @Test
    void theTableShowsTheAppsAndTheRestartButtonChangesThePid() throws Exception {
        // Some CPU (a counting loop) and memory to chart, and an error line now and then.
        velos.ok("start", script("web.sh", "i=0; while true; do i=$((i+1)); n=0; while [ $n -lt 3000 ]; do n=$((n+1)); done; "
                + "echo \"GET /users/$i 200\"; [ $((i % 4)) -eq 0 ] && echo \"ERROR: upstream timeout after ${i}ms\" >&2; "
                + "sleep 0.3; done").toString(), "--name", "web");
        velos.ok("start", script("worker.sh", "exec sleep 300").toString(), "--name", "worker", "-i", "2");
        open(1280, 1150); // tall enough for the README's screenshot to show the log tail

        long pid = info("web").get("pid").asLong();
        browser.waiting().until(d -> cellText("web", "pid").equals(Long.toString(pid)));
        assertThat(cellText("worker:0", "st")).isEqualTo("running");
        assertThat(cellText("worker:1", "name")).isEqualTo("worker:1");
        assertThat(browser.driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token")
                .doesNotContain(token());
        assertThat(browser.script("return sessionStorage.getItem('velos.token')")).isEqualTo(token());
        waitLive();

        select("web");
        browser.driver.findElement(By.cssSelector("#actions button[data-action='restart']")).click();
        browser.waiting().until(d -> !cellText("web", "pid").equals(Long.toString(pid)));
        long newPid = info("web").get("pid").asLong();
        assertThat(newPid).isNotEqualTo(pid);
        browser.waiting().until(d -> cellText("web", "pid").equals(Long.toString(newPid)));
        browser.waiting().until(d -> d.findElement(By.id("toasts")).getText().contains("web: restarted"));

        // Enough to show in a screenshot: a log tail, a summary with errors, a few chart points.
        browser.waiting().until(d -> d.findElements(By.cssSelector("#log .line.lvl-error")).size() >= 2);
        browser.waiting().until(d -> !d.findElement(By.id("health")).getText().equals("–"));
        browser.waiting().until(d -> d.findElement(By.cssSelector("#mem-chart polyline")).getDomAttribute("points")
                .split(" ").length >= 8);
        assertThat(browser.driver.findElement(By.id("patterns")).getText()).contains("GET /users/<N> <N>");
    }

    @Test
    void aLogLinePrintedByAnAppArrivesLiveAsTextWithItsLevel() throws Exception {
        java.nio.file.Path trigger = apps.resolve("trigger");
        velos.ok("start", script("talker.sh", "echo 'waiting for the trigger'; while [ ! -f " + trigger
                + " ]; do sleep 0.1; done; echo 'live line <img src=x id=pwned onerror=\"window.__pwned=1\">'; "
                + "echo 'ERROR: the database is down' >&2; exec sleep 300").toString(), "--name", "talker");
        open(1280, 900);
        waitLive();
        select("talker");
        browser.waiting().until(d -> d.findElement(By.id("log")).getText().contains("waiting for the trigger"));

        Files.writeString(trigger, "go");
        browser.waiting().until(d -> d.findElement(By.id("log")).getText().contains("ERROR: the database is down"));
        String log = browser.driver.findElement(By.id("log")).getText();
        assertThat(log).contains("live line <img src=x id=pwned onerror=\"window.__pwned=1\">");
        assertThat(browser.driver.findElements(By.id("pwned"))).as("app output is never HTML").isEmpty();
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
        WebElement error = browser.driver.findElement(By.cssSelector("#log .line.lvl-error"));
        assertThat(error.getText()).contains("ERROR").contains("err").contains("the database is down");

        // The level and grep filters.
        browser.driver.findElement(By.cssSelector("#levels input[value='error']")).click();
        browser.waiting().until(d -> !d.findElement(By.id("log")).getText().contains("database"));
        browser.driver.findElement(By.cssSelector("#levels input[value='error']")).click();
        browser.driver.findElement(By.id("grep")).sendKeys("data.*down");
        browser.waiting().until(d -> !d.findElement(By.id("log")).getText().contains("waiting for the trigger"));
        assertThat(browser.driver.findElement(By.id("log")).getText()).contains("the database is down");
    }

    @Test
    void theButtonsStopStartScaleAndDeleteAfterConfirmation() throws Exception {
        String sleeper = script("sleeper.sh", "exec sleep 300").toString();
        velos.ok("start", sleeper, "--name", "solo");
        velos.ok("start", sleeper, "--name", "pool", "-i", "2");
        open(1280, 900);
        waitLive();

        select("solo");
        assertThat(button("start").isEnabled()).as("start is for stopped apps").isFalse();
        button("stop").click();
        browser.waiting().until(d -> cellText("solo", "st").equals("stopped"));
        assertThat(info("solo").get("status_str").asText()).isEqualTo("stopped");
        browser.waiting().until(d -> button("start").isEnabled());
        button("start").click();
        browser.waiting().until(d -> cellText("solo", "st").equals("running"));
        assertThat(info("solo").get("status_str").asText()).isEqualTo("running");

        select("pool:0"); // an instance: scaling acts on its cluster
        browser.driver.findElement(By.id("scale-input")).sendKeys("3");
        browser.driver.findElement(By.cssSelector("#scale-form button")).click();
        browser.waiting().until(d -> d.findElement(By.id("toasts")).getText().contains("pool: 3 instances"));
        row("pool:2");
        assertThat(velos.list()).containsKeys("pool:0", "pool:1", "pool:2");

        select("solo");
        button("delete").click();
        WebElement dialog = browser.driver.findElement(By.id("confirm-delete"));
        browser.waiting().until(d -> dialog.isDisplayed());
        assertThat(browser.driver.findElement(By.id("confirm-name")).getText()).isEqualTo("solo");
        dialog.findElement(By.cssSelector("button[value='cancel']")).click();
        browser.waiting().until(d -> !dialog.isDisplayed());
        assertThat(velos.list()).containsKey("solo");
        button("delete").click();
        browser.waiting().until(d -> dialog.isDisplayed());
        browser.driver.findElement(By.id("confirm-yes")).click();
        browser.waiting().until(d -> d.findElements(By.cssSelector("#processes tr[data-name='solo']")).isEmpty());
        assertThat(velos.list()).doesNotContainKey("solo").containsKey("pool:0");
    }

    private WebElement button(String action) {
        return browser.driver.findElement(By.cssSelector("#actions button[data-action='" + action + "']"));
    }

    @Test
    void aPhoneSizedScreenGetsOneColumnOfCards() throws Exception {
        velos.ok("start", script("web.sh", "while true; do echo \"GET /health 200\"; sleep 0.5; done").toString(),
                "--name", "web");
        velos.ok("start", script("worker.sh", "exec sleep 300").toString(), "--name", "worker");
        open(390, 844);
        waitLive();
        row("worker");
        assertThat(browser.driver.findElement(By.cssSelector("#processes thead")).isDisplayed())
                .as("the header row gives way to labelled cells").isFalse();
        assertThat(browser.script("return getComputedStyle(document.querySelector('#processes tbody tr')).display"))
                .isEqualTo("grid");
        select("web");
        browser.waiting().until(d -> d.findElement(By.id("log")).getText().contains("GET /health 200"));
        browser.waiting().until(d -> !d.findElement(By.id("health")).getText().equals("–"));
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the screen").isEqualTo(true);
    }

    @Test
    void withoutATokenThePageSaysHowToGetOneAndAWrongTokenIsRefused() throws Exception {
        velos.ok("start", script("web.sh", "exec sleep 300").toString(), "--name", "web");
        Browser.assumeInstalled();
        api = ServerProcess.start(velos, Map.of(), "api", "-p", "0");
        browser = Browser.start(1280, 900);
        browser.driver.get(api.url("/"));
        WebElement signIn = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertThat(signIn.getText()).contains("velos api").contains("api.token").contains("#token=");
        assertThat(browser.driver.findElement(By.id("board")).isDisplayed()).isFalse();

        browser.driver.findElement(By.id("token-input")).sendKeys("not-the-token-0123456789");
        browser.driver.findElement(By.cssSelector("#token-form button")).click();
        browser.waiting().until(d -> d.findElement(By.id("sign-in-reason")).getText().contains("refused"));
        assertThat(browser.script("return sessionStorage.getItem('velos.token')")).isNull();
        List<String> errors = browser.errors();
        assertThat(errors).as("the console reports the refused requests, and nothing else").isNotEmpty()
                .allMatch(e -> e.startsWith("console: ") && e.contains("401"));

        browser.driver.findElement(By.id("token-input")).sendKeys(token());
        browser.driver.findElement(By.cssSelector("#token-form button")).click();
        row("web");
        waitLive();
    }

    @Test
    void aJavaScriptErrorOrACspViolationInThePageIsCaught() throws Exception {
        velos.ok("list");
        open(1280, 900);
        browser.waiting().until(d -> d.findElement(By.id("board")).isDisplayed());
        waitLive();
        assertThat(browser.errors()).as("a clean page").isEmpty();

        browser.script("setTimeout(() => { throw new Error('boom from the page'); })");
        browser.script("const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
                + " document.body.append(s);");
        browser.waiting().until(d -> browser.script("return window.__pageErrors.length").equals(2L));
        List<String> errors = browser.errors();
        assertThat(errors).anyMatch(e -> e.contains("boom from the page"));
        assertThat(errors).as("CSP without unsafe-inline").anyMatch(e -> e.contains("CSP violation: script-src"));
        assertThat(browser.script("return window.__inline === undefined")).isEqualTo(true);
        errorsAllowed = true;

        Http.Reply page = Http.get(api.url("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
