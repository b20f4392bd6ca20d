// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.velos.model.AppSpec;
import dev.velos.model.RestartPolicy;
import dev.velos.sys.CallState;
import dev.velos.sys.ProcessLauncher;
import dev.velos.sys.Signals;
import dev.velos.sys.SpawnRequest;
import dev.velos.sys.SpawnedChild;
import dev.velos.sys.Wait;
import dev.velos.sys.linux.ProcEnviron;

/**
 * Measures the marker sweep with many processes on the machine (issue 14.11): a /proc environ
 * scan alone, the stop of one app with a stray, the stop of 100 such apps at once, and the
 * event loop's responsiveness meanwhile (bare round trips, which would stall if a scan ran on the
 * loop). Not a test; run by hand: {@code java ... StraySweepMeasure 10000}.
 */
public final class StraySweepMeasure {
    private StraySweepMeasure() {
    }

    public static void main(String[] args) throws Exception {
        int background = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path home = Files.createTempDirectory("velos-sup-sweep");
        List<SpawnedChild> crowd = new ArrayList<>();
        try (Arena arena = Arena.ofConfined(); ProcessLauncher launcher = new ProcessLauncher()) {
            CallState cs = CallState.allocate(arena);
            for (int i = 0; i < background; i++) {
                SpawnedChild c = launcher.spawn(new SpawnRequest("/bin/sleep", List.of("sleep", "3600"),
                        List.of("PATH=/usr/bin:/bin", "FILLER=" + "x".repeat(200)), "/"));
                c.stdout().close(cs);
                c.stderr().close(cs);
                crowd.add(c);
            }
            try {
                measure(home, background);
            } finally {
                crowd.forEach(c -> Signals.kill(cs, c.pid(), Signals.SIGKILL));
                for (SpawnedChild c : crowd) {
                    Wait.waitid(cs, Wait.P_PIDFD, c.pidfd().value(), Wait.WEXITED);
                    c.pidfd().close(cs);
                }
            }
        }
    }

    private static void measure(Path home, int background) {
        ProcEnviron environ = new ProcEnviron();
        double[] scans = new double[7];
        for (int i = 0; i < scans.length; i++) {
            long t = System.nanoTime();
            environ.carrying(LaunchPlanner.OWNER_ENV, "x@y"::equals);
            scans[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("%d background processes: environ scan median %.1f ms (%s)%n", background, median(scans),
                Arrays.toString(scans));
        RestartPolicy policy = RestartPolicy.DEFAULT.withAutorestart(false);
        try (Supervisor supervisor = Supervisor.builder().runtimeDirectory(home).build()) {
            double[] single = new double[5];
            for (int i = 0; i < single.length; i++) {
                supervisor.start(AppSpec.builder("one", "/bin/sh").args(List.of("-c", "setsid sleep 1000 & exec sleep 1000"))
                        .restart(policy).build()).join();
                sleep(100);
                long t = System.nanoTime();
                supervisor.delete("one").join();
                single[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("delete of one app with a stray: median %.1f ms (%s)%n", median(single), Arrays.toString(single));
            List<AppSpec> specs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                specs.add(AppSpec.builder("app" + i, "/bin/sh").args(List.of("-c", "setsid sleep 1000 & exec sleep 1000"))
                        .restart(policy).build());
            }
            supervisor.startAll(specs).join();
            sleep(300);
            AtomicBoolean stopping = new AtomicBoolean(true);
            List<Double> pings = new ArrayList<>();
            Thread pinger = Thread.ofPlatform().start(() -> {
                while (stopping.get()) {
                    long t = System.nanoTime();
                    supervisor.orphansReaped().join(); // a bare loop round trip (list() would also sample /proc)
                    pings.add((System.nanoTime() - t) / 1e6);
                    sleep(5);
                }
            });
            long t = System.nanoTime();
            List<CompletableFuture<?>> stops = new ArrayList<>();
            specs.forEach(s -> stops.add(supervisor.stop(s.name())));
            stops.forEach(CompletableFuture::join);
            double all = (System.nanoTime() - t) / 1e6;
            stopping.set(false);
            join(pinger);
            double[] p = pings.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("stop of 100 apps with a stray each: %.0f ms; loop round trips during it: %d, median %.1f ms, max %.1f ms%n",
                    all, p.length, median(p), p.length == 0 ? 0 : p[p.length - 1]);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
