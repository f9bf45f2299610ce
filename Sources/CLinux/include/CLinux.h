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
#include <sys/file.h>

// errno as a function: Swift cannot read the thread-local macro directly.
static inline int skiff_errno(void) { return errno; }
static inline void skiff_set_errno(int value) { errno = value; }
// flock(2): in Swift the name resolves to `struct flock` of <fcntl.h> instead.
static inline int skiff_flock(int fd, int operation) { return flock(fd, operation); }
#endif
