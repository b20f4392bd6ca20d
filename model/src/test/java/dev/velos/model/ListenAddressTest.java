// SPDX-License-Identifier: Apache-2.0
package dev.velos.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {
    @Test
    void tcpAddressesInEveryFormParseToTheirCanonicalForm() {
        ListenAddress any = ListenAddress.parse("tcp://0.0.0.0:8080");
        assertThat(any.kind()).isEqualTo(ListenAddress.Kind.TCP);
        assertThat(any.host()).isEqualTo("0.0.0.0");
        assertThat(any.port()).isEqualTo(8080);
        assertThat(any.name()).isEqualTo("tcp-8080");
        assertThat(any.uri()).isEqualTo("tcp://0.0.0.0:8080");

        ListenAddress v6 = ListenAddress.parse("tcp://[::1]:8080#http");
        assertThat(v6.host()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(v6.uri()).isEqualTo("tcp://[0:0:0:0:0:0:0:1]:8080");
        assertThat(v6.name()).isEqualTo("http");

        assertThat(ListenAddress.parse("TCP://localhost:0").uri()).isEqualTo("tcp://127.0.0.1:0");
    }

    @Test
    void unixAddressesKeepTheirPathAndAreNamedAfterTheFile() {
        ListenAddress unix = ListenAddress.parse("unix:/run/app/app.sock");
        assertThat(unix.kind()).isEqualTo(ListenAddress.Kind.UNIX);
        assertThat(unix.path()).isEqualTo("/run/app/app.sock");
        assertThat(unix.name()).isEqualTo("unix-app.sock");
        assertThat(unix.uri()).isEqualTo("unix:/run/app/app.sock");
    }

    @Test
    void theTextFormReadsBackIntoAnEqualValue() {
        for (String text : List.of("tcp://0.0.0.0:8080", "tcp://[::]:80#web", "unix:/tmp/a.sock#admin", "tcp://127.0.0.1:0")) {
            ListenAddress address = ListenAddress.parse(text);
            assertThat(ListenAddress.parse(address.toString())).isEqualTo(address);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0:8080|write tcp://HOST:PORT",
        "http://0.0.0.0:8080|write tcp://HOST:PORT",
        "tcp://0.0.0.0|a port is missing",
        "tcp://0.0.0.0:http|the port must be a number",
        "tcp://0.0.0.0:65536|the port must be a number",
        "tcp://example.com:80|is not an IP address",
        "tcp://::1:80|an IPv6 address goes in brackets",
        "tcp://[127.0.0.1]:80|brackets are for IPv6",
        "unix:app.sock|needs an absolute path",
        "unix:/tmp/|must name a file",
        "tcp://0.0.0.0:80#a:b|the name after '#'",
    })
    void badAddressesAreRefusedSayingWhatToWrite(String text, String why) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOfSatisfying(VelosException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("invalid listen address '" + text + "'").contains(why);
        });
    }

    @Test
    void aUnixPathLongerThanASocketAddressHoldsIsRefused() {
        assertThatThrownBy(() -> ListenAddress.parse("unix:/" + "x".repeat(107))).hasMessageContaining("107 bytes");
    }

    @Test
    void theSpecCarriesItsListenListThroughBuilderInstancesAndOlderConstructors() {
        List<ListenAddress> listen = List.of(ListenAddress.parse("tcp://0.0.0.0:8080"), ListenAddress.parse("unix:/tmp/w.sock"));
        AppSpec spec = AppSpec.builder("web", "server.py").listen(listen).build();
        assertThat(spec.listen()).isEqualTo(listen);
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.asInstance("web", 2).listen()).isEqualTo(listen);
        assertThat(spec.withOrchestration(Orchestration.DEFAULT).listen()).isEqualTo(listen);
        assertThat(spec.withAutorestart(AutoRestart.NEVER).listen()).isEqualTo(listen);
        AppSpec old = new AppSpec("a", "x", List.of(), Path.of("/"), "", Map.of(), AppSpec.NO_INSTANCE, RestartPolicy.DEFAULT,
                ReadyPolicy.NONE, RestartTriggers.NONE, Orchestration.DEFAULT);
        assertThat(old.listen()).isEmpty();
    }

    @Test
    void theSameAddressTwiceInOneSpecIsRefusedWhateverItIsNamed() {
        assertThatThrownBy(() -> AppSpec.builder("web", "x").listen(List.of(ListenAddress.parse("tcp://0.0.0.0:80#a"),
                ListenAddress.parse("tcp://0.0.0.0:80#b"))).build()).hasMessageContaining("twice");
    }
}
