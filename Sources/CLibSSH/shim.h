#ifndef DSBENCH_CLIBSSH_SHIM_H
#define DSBENCH_CLIBSSH_SHIM_H
#include <libssh/libssh.h>
#include <libssh/libssh_version.h>
#include <libssh/callbacks.h>
#ifdef __linux__
#include <sys/prctl.h>
/* pthread_setname_np needs _GNU_SOURCE and prctl is variadic: neither is callable from Swift. */
static inline int dsb_set_current_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}
#else
static inline int dsb_set_current_thread_name(const char *name) { (void)name; return 0; }
#endif
#endif
