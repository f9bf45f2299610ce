// Linux system interfaces that Glibc's Swift module map does not expose.
#ifndef SKIFF_CLINUX_H
#define SKIFF_CLINUX_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <sys/file.h>

// errno as a function: Swift cannot read the thread-local macro directly.
static inline int skiff_errno(void) { return errno; }
static inline void skiff_set_errno(int value) { errno = value; }

// epoll_event is a packed struct with a union; these helpers keep Swift away from
// its layout. The descriptor is the event's user data.
int skiff_epoll_ctl(int epfd, int op, int fd, uint32_t events);
int skiff_epoll_wait(int epfd, int *fds, uint32_t *events, int max_events, int timeout_ms);
// sigset_t manipulation for signalfd without exposing the macro-based API.
int skiff_signalfd_for(const int *signals, int count);
// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC (accept4 needs _GNU_SOURCE).
int skiff_accept(int listener);
// Bytes handed out by malloc (mallinfo2), for INFO used_memory.
size_t skiff_allocated_bytes(void);
// flock(2): in Swift the name resolves to `struct flock` of <fcntl.h> instead.
static inline int skiff_flock(int fd, int operation) { return flock(fd, operation); }
// Lowest CPU priority (nice 19) for the calling thread only: Linux's setpriority on a
// thread id (gettid needs _GNU_SOURCE, so it is in shim.c).
int skiff_lower_thread_priority(void);
#endif
