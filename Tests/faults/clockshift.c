// clockshift: an LD_PRELOAD shim that shifts CLOCK_REALTIME (only) by an offset read
// from the file named by $SKF_CLOCK_FILE (milliseconds, may be negative), re-read at
// most every 50 ms of monotonic time. CLOCK_MONOTONIC is untouched, so Raft's ticks
// and timeouts run normally while TTL deadlines and entry times see the skewed clock.
//
// Used by the clock nemesis instead of Debian's libfaketime: with libfaketime
// preloaded, skiff-server's CommandLine.arguments came up empty (it started on the
// default port), so the node could not be configured.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static const long long REREAD_INTERVAL_NS = 50LL * 1000 * 1000;

static long long offset_ms = 0;
static long long next_read_ns = 0;

static void refresh(clock_gettime_fn real) {
    struct timespec mono;
    real(CLOCK_MONOTONIC, &mono);
    long long now_ns = (long long)mono.tv_sec * 1000000000LL + mono.tv_nsec;
    if (now_ns < next_read_ns) return;
    next_read_ns = now_ns + REREAD_INTERVAL_NS;
    const char *path = getenv("SKF_CLOCK_FILE");
    if (path == NULL) return;
    FILE *f = fopen(path, "r");
    if (f == NULL) return;
    long long value;
    if (fscanf(f, "%lld", &value) == 1) offset_ms = value;
    fclose(f);
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    static clock_gettime_fn real = NULL;
    if (real == NULL) real = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
    int rc = real(clock, ts);
    if (rc != 0 || (clock != CLOCK_REALTIME && clock != CLOCK_REALTIME_COARSE)) return rc;
    refresh(real);
    long long ns = (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec + offset_ms * 1000000LL;
    ts->tv_sec = ns / 1000000000LL;
    ts->tv_nsec = ns % 1000000000LL;
    return rc;
}
