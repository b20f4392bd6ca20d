/* SPDX-License-Identifier: Apache-2.0
 * flood: prints N numbered log lines of exactly 100 bytes (newline included) to stdout as fast
 * as it can, for bench/log-throughput.sh. Line i (1-based) is
 *   "<i, 10 digits> INFO flood: ... payload ...\n"
 * so a checker can verify that every line arrived, in order, from the first field alone.
 * Output goes through a 64 KiB buffer and raw write(2) calls (partial writes and EINTR
 * handled), i.e. the pattern of a chatty program with block-buffered stdout.
 *
 * With a second argument, after the last write it writes "<start ns> <end ns>\n" (CLOCK_REALTIME,
 * start taken before the first line is formatted, end after the last write returned) to that file.
 *
 *   cc -O2 -o flood flood.c && ./flood 2000000 /tmp/stamp > /dev/null
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE 100
#define BUF (64 * 1024)

static char buf[BUF];
static size_t used;

static void flush_buf(void) {
    size_t off = 0;
    while (off < used) {
        ssize_t n = write(1, buf + off, used - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("flood: write");
            exit(1);
        }
        off += (size_t) n;
    }
    used = 0;
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    long long start = now_ns();
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000UL;
    char line[LINE + 1];
    /* 10-digit index, then a fixed message padded to 99 bytes, then '\n'. */
    const char *msg = " INFO flood: GET /api/v1/items?page=42 200 in 3ms user=4f2a9c trace=";
    memset(line, 'x', LINE);
    memcpy(line + 10, msg, strlen(msg));
    line[LINE - 1] = '\n';
    char digits[10];
    memset(digits, '0', sizeof digits);

    for (unsigned long i = 1; i <= n; i++) {
        /* increment the decimal counter in place: cheaper than printf per line */
        for (int d = 9; d >= 0; d--) {
            if (digits[d] == '9') { digits[d] = '0'; continue; }
            digits[d]++;
            break;
        }
        memcpy(line, digits, 10);
        if (used + LINE > BUF) flush_buf();
        memcpy(buf + used, line, LINE);
        used += LINE;
    }
    flush_buf();
    if (argc > 2) {
        long long end = now_ns();
        /* written aside and renamed, so a watcher never sees a half-written stamp */
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
        FILE *f = fopen(tmp, "w");
        if (f == NULL || fprintf(f, "%lld %lld\n", start, end) < 0 || fclose(f) != 0 || rename(tmp, argv[2]) != 0) {
            perror("flood: stamp file");
            return 1;
        }
    }
    return 0;
}
