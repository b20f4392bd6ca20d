// SPDX-License-Identifier: Apache-2.0
package dev.velos.supervisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.velos.model.AppSpec;

/**
 * Measures starting N {@code sleep} apps (issue 15.6): {@link Supervisor#startAll} against one
 * {@code start().join()} per app (what the daemon did), and against all {@code start}s submitted
 * first and joined after. Rounds interleave the three ways; prints each round and the medians.
 * Not a test: run by hand, e.g.
 * {@code java -cp ... dev.velos.supervisor.BatchStartMeasure 100 1000 --rounds 5}.
 */
public final class BatchStartMeasure {
    private BatchStartMeasure() {
    }

    public static void main(String[] args) {
        int rounds = 5;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        for (int n : sizes.isEmpty() ? List.of(100, 1000) : sizes) {
            double[] batch = new double[rounds];
            double[] sequential = new double[rounds];
            double[] submitted = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                batch[r] = run(n, Way.BATCH);
                sequential[r] = run(n, Way.ONE_BY_ONE);
                submitted[r] = run(n, Way.SUBMIT_ALL_THEN_JOIN);
                System.out.printf("n=%d round %d: startAll %.1f ms, start+join each %.1f ms, start all then join %.1f ms%n",
                        n, r + 1, batch[r], sequential[r], submitted[r]);
            }
            System.out.printf("n=%d MEDIAN: startAll %.1f ms, start+join each %.1f ms, start all then join %.1f ms%n", n,
                    median(batch), median(sequential), median(submitted));
        }
    }

    private enum Way { BATCH, ONE_BY_ONE, SUBMIT_ALL_THEN_JOIN }

    /** Milliseconds from the first call until every app runs. */
    private static double run(int n, Way way) {
        List<AppSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            specs.add(AppSpec.of("s" + i, "/bin/sleep", "600"));
        }
        try (Supervisor supervisor = Supervisor.builder().build()) {
            long start = System.nanoTime();
            switch (way) {
                case BATCH -> supervisor.startAll(specs).join();
                case ONE_BY_ONE -> specs.forEach(s -> supervisor.start(s).join());
                case SUBMIT_ALL_THEN_JOIN -> {
                    List<CompletableFuture<?>> all = new ArrayList<>(n);
                    specs.forEach(s -> all.add(supervisor.start(s)));
                    all.forEach(CompletableFuture::join);
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (supervisor.list().join().size() != n) {
                throw new IllegalStateException("not every app started");
            }
            return millis;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
