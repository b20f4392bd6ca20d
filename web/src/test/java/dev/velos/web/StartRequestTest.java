// SPDX-License-Identifier: Apache-2.0
package dev.velos.web;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.velos.ipc.WireTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StartRequestTest {
    private static final Path BASE = Path.of("/srv/base");

    @Test
    void aMinimalBodyLeavesTheDaemonDefaultsAndResolvesCwd() {
        WireTypes.StartArgs a = StartRequest.parse("{\"name\":\"api\",\"script\":\"server.js\"}", BASE);
        assertThat(a.name()).isEqualTo("api");
        assertThat(a.script()).isEqualTo("server.js");
        assertThat(a.cwd()).isEqualTo("/srv/base");
        assertThat(a.autorestart()).isNull();
        assertThat(a.instances()).isNull();
        assertThat(StartRequest.parse("{\"name\":\"a\",\"script\":\"s\",\"cwd\":\"sub/../app\"}", BASE).cwd())
                .isEqualTo("/srv/base/app");
    }

    @Test
    void everyFieldIsCarried() {
        WireTypes.StartArgs a = StartRequest.parse("""
                {"name":"w","script":"s","interpreter":"python3","args":["-v"],"env":{"K":"V"},"kill_timeout_ms":2000,
                 "autorestart":false,"max_restarts":3,"min_uptime_ms":500,"restart_delay_ms":100,"exp_backoff":true,
                 "max_memory_restart":1048576,"watch":true,"watch_delay_ms":200,"watch_paths":"src;lib",
                 "watch_ignore":"*.log","cron_restart":"0 * * * *","wait_ready":true,"listen_timeout_ms":3000,
                 "shutdown_with_message":true,"instances":2}""", BASE);
        assertThat(a.interpreter()).isEqualTo("python3");
        assertThat(a.args()).containsExactly("-v");
        assertThat(a.env()).containsEntry("K", "V");
        assertThat(a.killTimeoutMs()).isEqualTo(2000);
        assertThat(a.autorestart()).isFalse();
        assertThat(a.maxRestarts()).isEqualTo(3);
        assertThat(a.expBackoff()).isTrue();
        assertThat(a.maxMemoryRestart()).isEqualTo(1_048_576);
        assertThat(a.watchPaths()).containsExactly("src", "lib");
        assertThat(a.watchIgnore()).containsExactly("*.log");
        assertThat(a.cronRestart()).isEqualTo("0 * * * *");
        assertThat(a.waitReady()).isTrue();
        assertThat(a.instances()).isEqualTo(2);
    }

    /** Issues 21 and 20: the log file keys and listen travel as in velos.toml, checked by the daemon's parsers. */
    @Test
    void logFileKeysAndListenAreCarriedAndCheckedField() {
        WireTypes.StartArgs a = StartRequest.parse("""
                {"name":"w","script":"s","log_rotate":"daily","log_compress":false,"log_retain_days":7,
                 "out_file":"/dev/null","error_file":"e.log","merge_logs":false,"log_format":"json",
                 "listen":["tcp://127.0.0.1:8080","unix:/tmp/w.sock#api"]}""", BASE);
        assertThat(a.logFiles()).containsEntry("log_rotate", "daily").containsEntry("log_compress", false)
                .containsEntry("log_retain_days", 7).containsEntry("out_file", "/dev/null")
                .containsEntry("error_file", "e.log").containsEntry("log_format", "json");
        assertThat(a.listen()).containsExactly("tcp://127.0.0.1:8080", "unix:/tmp/w.sock#api");
        ApiError e = catchThrowableOfType(ApiError.class, () -> StartRequest.parse("""
                {"name":"w","script":"s","log_rotate":"weekly","log_compress":"x","log_format":"xml",
                 "listen":["tcp://example.com:80"]}""", BASE));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.fields().stream().map(ApiError.FieldProblem::field).toList())
                .containsExactlyInAnyOrder("log_rotate", "log_compress", "log_format", "listen");
        assertThat(catchThrowableOfType(ApiError.class, () -> StartRequest.parse(
                "{\"name\":\"w\",\"script\":\"s\",\"listen\":\"tcp://0.0.0.0:80\"}", BASE)).fields())
                .extracting(ApiError.FieldProblem::field).containsExactly("listen");
    }

    @Test
    void malformedJsonAndNonObjectsAre400() {
        assertThat(catchThrowableOfType(ApiError.class, () -> StartRequest.parse("{", BASE)).status()).isEqualTo(400);
        assertThat(catchThrowableOfType(ApiError.class, () -> StartRequest.parse("\"x\"", BASE)).status()).isEqualTo(400);
        assertThat(catchThrowableOfType(ApiError.class, () -> StartRequest.parse("", BASE)).status()).isEqualTo(400);
    }

    @Test
    void everyBadFieldIsListedWith422() {
        ApiError e = catchThrowableOfType(ApiError.class, () -> StartRequest.parse(
                "{\"name\":7,\"watch\":\"yes\",\"max_restarts\":-5,\"args\":[1],\"env\":{\"A\":1},\"typo\":true}", BASE));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.fields().stream().map(ApiError.FieldProblem::field).toList())
                .containsExactlyInAnyOrder("typo", "name", "script", "watch", "max_restarts", "args", "env.A");
        assertThat(e.getMessage()).contains("script: required").contains("name: must be a string");
    }

    @Test
    void scaleAcceptsCountsAndRelativeChanges() {
        assertThat(ScaleRequest.parse("{\"instances\":4}")).isEqualTo("4");
        assertThat(ScaleRequest.parse("{\"instances\":\"+2\"}")).isEqualTo("+2");
        assertThat(ScaleRequest.parse("{\"instances\":\"max\"}")).isEqualTo("max");
        for (String bad : List.of("{}", "{\"instances\":-1}", "{\"instances\":\"many\"}", "{\"instances\":1.5}")) {
            assertThatThrownBy(() -> ScaleRequest.parse(bad)).as(bad).isInstanceOf(ApiError.class)
                    .extracting(t -> ((ApiError) t).status()).isEqualTo(422);
        }
    }
}
