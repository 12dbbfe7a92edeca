#ifndef DSBENCH_CLOADLIBRARY_H
#define DSBENCH_CLOADLIBRARY_H
#include <stddef.h>

/// dlopens the first of `names` (NULL-terminated) that loads, RTLD_NOW | RTLD_LOCAL. Returns NULL
/// when none does, with `what` ("ssh needs libssh") and the loader's reason in `error`, followed by
/// "; install it (" `install` ")". For the libraries only some commands need (libssh, libcurl):
/// opened when used, never mapped by the others (docs/performance.md, start-up).
void *dsb_load_first(const char *const *names, const char *what, const char *install, char *error, size_t error_size);

#endif
