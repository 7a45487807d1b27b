/*
 * wakeup_cost.c: what one sleep/wake-up costs on this machine, charged as CPU time.
 *
 * Two processes bounce one byte over a pair of pipes 100 000 times, both pinned to CPU 0 ("same") or to
 * CPUs 0 and 1 ("cross"). Every round trip is two wake-ups of a blocked reader. Prints the wall time per
 * round trip and the user+system CPU each process was charged for it (getrusage).
 *
 *   cc -O2 -o /tmp/wakeup_cost bench/src/wakeup_cost.c && /tmp/wakeup_cost
 *
 * A broker at a fixed message rate sleeps in epoll_wait between messages and wakes its clients' threads,
 * so this cost sets a floor under its CPU per message that no user-space work can remove.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 100000

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static double cpu_us(const struct rusage *r) {
    return (r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1e6 + r->ru_utime.tv_usec + r->ru_stime.tv_usec;
}

static void bounce(int peer_cpu, const char *label) {
    int ping[2], pong[2];
    char b = 0;
    if (pipe(ping) || pipe(pong)) {
        perror("pipe");
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        pin(peer_cpu);
        for (int i = 0; i < ROUNDS; i++) {
            if (read(ping[0], &b, 1) != 1 || write(pong[1], &b, 1) != 1) _exit(1);
        }
        _exit(0);
    }
    pin(0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct rusage before, self, peer;
    getrusage(RUSAGE_SELF, &before);
    for (int i = 0; i < ROUNDS; i++) {
        if (write(ping[1], &b, 1) != 1 || read(pong[0], &b, 1) != 1) break;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int status;
    wait4(child, &status, 0, &peer);
    getrusage(RUSAGE_SELF, &self);
    double wall = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / ROUNDS;
    printf("%-5s CPU: %6.2f us wall per round trip, CPU charged %6.2f us (this process) %6.2f us (peer)\n",
           label, wall, (cpu_us(&self) - cpu_us(&before)) / ROUNDS, cpu_us(&peer) / ROUNDS);
    close(ping[0]); close(ping[1]); close(pong[0]); close(pong[1]);
}

int main(void) {
    bounce(0, "same");
    bounce(1, "cross");
    return 0;
}
