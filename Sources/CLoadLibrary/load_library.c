#include "CLoadLibrary.h"

#include <dlfcn.h>
#include <stdio.h>

void *dsb_load_first(const char *const *names, const char *what, const char *install, char *error, size_t error_size) {
    void *library = NULL;
    for (size_t i = 0; names[i] != NULL && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(error, error_size, "%s, which is not installed (%s); install it (%s)", what,
                 why ? why : names[0], install);
    }
    return library;
}
