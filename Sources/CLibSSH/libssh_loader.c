#include "CLibSSH.h"
#include "CLoadLibrary.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Every libssh function dsbench calls: return type, name, parameters, arguments. The definitions
// below are checked against libssh's own declarations (the headers above), so a prototype that
// drifts from the library's fails the build instead of corrupting a call.
#define LIBSSH_FUNCTIONS(VALUE, VOID) \
    VALUE(ssh_session, ssh_new, (void), ()) \
    VALUE(int, ssh_options_set, (ssh_session s, enum ssh_options_e t, const void *v), (s, t, v)) \
    VALUE(int, ssh_options_get, (ssh_session s, enum ssh_options_e t, char **v), (s, t, v)) \
    VALUE(int, ssh_options_parse_config, (ssh_session s, const char *f), (s, f)) \
    VALUE(int, ssh_connect, (ssh_session s), (s)) \
    VOID(ssh_disconnect, (ssh_session s), (s)) \
    VOID(ssh_free, (ssh_session s), (s)) \
    VALUE(int, ssh_is_connected, (ssh_session s), (s)) \
    VALUE(const char *, ssh_get_error, (void *e), (e)) \
    VALUE(socket_t, ssh_get_fd, (ssh_session s), (s)) \
    VALUE(int, ssh_userauth_publickey_auto, (ssh_session s, const char *u, const char *p), (s, u, p)) \
    VALUE(int, ssh_session_update_known_hosts, (ssh_session s), (s)) \
    VALUE(enum ssh_known_hosts_e, ssh_session_is_known_server, (ssh_session s), (s)) \
    VALUE(int, ssh_get_server_publickey, (ssh_session s, ssh_key *k), (s, k)) \
    VALUE(int, ssh_get_publickey_hash, \
          (const ssh_key k, enum ssh_publickey_hash_type t, unsigned char **h, size_t *n), (k, t, h, n)) \
    VALUE(char *, ssh_get_fingerprint_hash, (enum ssh_publickey_hash_type t, unsigned char *h, size_t n), (t, h, n)) \
    VOID(ssh_key_free, (ssh_key k), (k)) \
    VOID(ssh_clean_pubkey_hash, (unsigned char **h), (h)) \
    VOID(ssh_string_free_char, (char *c), (c)) \
    VALUE(ssh_channel, ssh_channel_new, (ssh_session s), (s)) \
    VOID(ssh_channel_free, (ssh_channel c), (c)) \
    VALUE(int, ssh_channel_close, (ssh_channel c), (c)) \
    VALUE(int, ssh_channel_send_eof, (ssh_channel c), (c)) \
    VALUE(int, ssh_channel_request_exec, (ssh_channel c, const char *cmd), (c, cmd)) \
    VALUE(int, ssh_channel_read_nonblocking, (ssh_channel c, void *d, uint32_t n, int e), (c, d, n, e)) \
    VALUE(int, ssh_channel_open_session, (ssh_channel c), (c)) \
    VALUE(int, ssh_channel_is_closed, (ssh_channel c), (c)) \
    VALUE(int, ssh_channel_get_exit_status, (ssh_channel c), (c)) \
    VALUE(int, ssh_set_channel_callbacks, (ssh_channel c, ssh_channel_callbacks cb), (c, cb))

#define FIELD(ret, name, params, args) ret (*name) params;
#define VOID_FIELD(name, params, args) void (*name) params;
static struct { LIBSSH_FUNCTIONS(FIELD, VOID_FIELD) } libssh;
#undef FIELD
#undef VOID_FIELD

static int load_status = -1;
static char load_error[512] = "dsb_libssh_load was not called";
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *const names[] = {"libssh.so.4", "libssh.so", NULL};
    void *library = dsb_load_first(names, "ssh needs libssh", "Debian and Ubuntu: apt install libssh-4, "
                                   "RHEL: dnf install libssh", load_error, sizeof load_error);
    if (library == NULL) return;
#define BIND(ret, name, params, args) \
    if ((*(void **)(&libssh.name) = dlsym(library, #name)) == NULL) { missing = #name; }
#define BIND_VOID(name, params, args) BIND(void, name, params, args)
    const char *missing = NULL;
    LIBSSH_FUNCTIONS(BIND, BIND_VOID)
#undef BIND
#undef BIND_VOID
    if (missing != NULL) {
        snprintf(load_error, sizeof load_error, "the libssh found lacks %s (dsbench needs libssh 0.9 or newer); "
                 "install a newer libssh", missing);
        return;
    }
    load_status = 0;
}

int dsb_libssh_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error != NULL && error_size > 0) snprintf(error, error_size, "%s", load_error);
    return load_status;
}

// Reached only through a caller that skipped dsb_libssh_load or ignored its failure: a bug, and
// a clear stop beats a jump through a null pointer.
static void unloaded(const char *name) {
    fprintf(stderr, "dsbench: internal error: %s called before libssh was loaded: %s\n", name, load_error);
    abort();
}

#define FORWARD(ret, name, params, args) \
    ret name params { if (libssh.name == NULL) unloaded(#name); return libssh.name args; }
#define FORWARD_VOID(name, params, args) \
    void name params { if (libssh.name == NULL) unloaded(#name); libssh.name args; }
LIBSSH_FUNCTIONS(FORWARD, FORWARD_VOID)
