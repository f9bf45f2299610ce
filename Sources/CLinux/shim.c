#define _GNU_SOURCE
#include "CLinux.h"
#include <string.h>
#include <sys/resource.h>

int skiff_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = events;
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

int skiff_epoll_wait(int epfd, int *fds, uint32_t *events, int max_events, int timeout_ms) {
    struct epoll_event buffer[256];
    if (max_events > 256) max_events = 256;
    int n = epoll_wait(epfd, buffer, max_events, timeout_ms);
    for (int i = 0; i < n; i++) {
        fds[i] = buffer[i].data.fd;
        events[i] = buffer[i].events;
    }
    return n;
}

int skiff_signalfd_for(const int *signals, int count) {
    sigset_t mask;
    sigemptyset(&mask);
    for (int i = 0; i < count; i++) sigaddset(&mask, signals[i]);
    // Block them so they arrive only through the descriptor, never as handlers.
    if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0) return -1;
    return signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

int skiff_accept(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

#include <malloc.h>
size_t skiff_allocated_bytes(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

int skiff_lower_thread_priority(void) {
    return setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
}
