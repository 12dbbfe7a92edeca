#ifndef DSBENCH_CLIBSSH_H
#define DSBENCH_CLIBSSH_H
#include <stddef.h>
#include <libssh/libssh.h>
#include <libssh/libssh_version.h>
#include <libssh/callbacks.h>

/// Opens libssh (dlopen of libssh.so.4) and binds the functions dsbench calls; the ssh_* names the
/// headers declare are defined in libssh_loader.c and forward to it. Linked directly, libssh and
/// the eight libraries it needs (libcrypto, the Kerberos family) were mapped and relocated by
/// every command, ssh or not: about 2.4 ms of each start (docs/performance.md, start-up).
/// Returns 0 when libssh is usable, else -1 with the reason (what to install) in `error`.
/// Call it before any other ssh_* function; later calls return the first answer.
int dsb_libssh_load(char *error, size_t error_size);

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
