/* A test-only kill switch, loaded into the `reintegra` binary with LD_PRELOAD by tests/faults.rs, never shipped
 * and never linked into the product: it counts the writes, syncs and truncations made to the files of one store
 * (the database, its -wal, -shm and -journal; every path that starts with REINTEGRA_FAULT_PREFIX) and, when
 * REINTEGRA_FAULT_KILL_AT=N is set, kills the process with SIGKILL just before the N-th of them. These are the
 * points where a crash can leave a file half-written, so killing before each of them in turn reaches every state
 * the disk can be in, without timing (no sleeps). REINTEGRA_FAULT_COUNT_FILE receives the count at exit.
 * Unsafe code is forbidden in the workspace, so the shim is C, compiled by the test with the system's cc. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static long counted = 0;
static long kill_at = -1;
static const char *prefix = NULL;
static size_t prefix_len = 0;
static int ready = 0;

static void setup(void) {
    if (ready) return;
    ready = 1;
    prefix = getenv("REINTEGRA_FAULT_PREFIX");
    prefix_len = prefix ? strlen(prefix) : 0;
    const char *k = getenv("REINTEGRA_FAULT_KILL_AT");
    if (k && *k) kill_at = atol(k);
}

/* Whether fd is one of the store's files; counts it and dies at the chosen point. */
static void point(int fd) {
    setup();
    if (!prefix_len) return;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    if ((size_t)n < prefix_len || strncmp(path, prefix, prefix_len) != 0) return;
    counted++;
    if (kill_at > 0 && counted >= kill_at) {
        kill(getpid(), SIGKILL);
    }
}

__attribute__((destructor)) static void report(void) {
    const char *f = getenv("REINTEGRA_FAULT_COUNT_FILE");
    if (!f || !*f) return;
    FILE *out = fopen(f, "w");
    if (!out) return;
    fprintf(out, "%ld\n", counted);
    fclose(out);
}

ssize_t write(int fd, const void *buf, size_t count) {
    point(fd);
    return syscall(SYS_write, fd, buf, count);
}
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    point(fd);
    return syscall(SYS_pwrite64, fd, buf, count, offset);
}
ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    point(fd);
    return syscall(SYS_pwrite64, fd, buf, count, offset);
}
int fsync(int fd) {
    point(fd);
    return syscall(SYS_fsync, fd);
}
int fdatasync(int fd) {
    point(fd);
    return syscall(SYS_fdatasync, fd);
}
int ftruncate(int fd, off_t length) {
    point(fd);
    return syscall(SYS_ftruncate, fd, length);
}
int ftruncate64(int fd, off_t length) {
    point(fd);
    return syscall(SYS_ftruncate, fd, length);
}
