#include "ccurlpush.h"
#include "CLoadLibrary.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// The few libcurl entry points and option numbers dsbench uses, declared here so that building
// needs no libcurl headers; the numbers are libcurl's stable ABI (curl/curl.h: CURLOPTTYPE_LONG 0,
// OBJECTPOINT 10000, FUNCTIONPOINT 20000, OFF_T 30000; CURLINFO_LONG 0x200000).
typedef void CURL;
struct curl_slist;
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023, OPT_CUSTOMREQUEST = 10036, OPT_WRITEFUNCTION = 20011, OPT_NOSIGNAL = 99,
    OPT_TIMEOUT_MS = 155, OPT_CONNECTTIMEOUT_MS = 156, OPT_POSTFIELDSIZE_LARGE = 30120,
    INFO_RESPONSE_CODE = 0x200000 + 2,
};

static struct {
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int (*global_init)(long);
} curl;
static char load_error[400];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL};
    void *library = dsb_load_first(names, "pushing needs libcurl", "Debian and Ubuntu: apt install libcurl4, "
                                   "RHEL: dnf install libcurl", load_error, sizeof load_error);
    if (library == NULL) return;
#define BIND(field, symbol) *(void **)(&curl.field) = dlsym(library, symbol)
    BIND(easy_init, "curl_easy_init");
    BIND(easy_setopt, "curl_easy_setopt");
    BIND(easy_perform, "curl_easy_perform");
    BIND(easy_getinfo, "curl_easy_getinfo");
    BIND(easy_cleanup, "curl_easy_cleanup");
    BIND(easy_strerror, "curl_easy_strerror");
    BIND(slist_append, "curl_slist_append");
    BIND(slist_free_all, "curl_slist_free_all");
    BIND(global_init, "curl_global_init");
#undef BIND
    if (!curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo || !curl.easy_cleanup
        || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all || !curl.global_init) {
        snprintf(load_error, sizeof load_error, "the libcurl found lacks curl_easy_* functions; install libcurl4");
        curl.easy_init = NULL;
        return;
    }
    curl.global_init(3 /* CURL_GLOBAL_ALL */);
}

static size_t keep_body(char *data, size_t size, size_t count, void *context) {
    dsb_put_result *result = context;
    size_t bytes = size * count;
    size_t room = sizeof result->body - 1 - result->body_length;
    size_t kept = bytes < room ? bytes : room;
    memcpy(result->body + result->body_length, data, kept);
    result->body_length += kept;
    result->body[result->body_length] = 0;
    return bytes;
}

void dsb_http_put(const char *url, const char *content_type, const void *body, size_t body_length,
                  long timeout_ms, dsb_put_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&load_once, load);
    if (curl.easy_init == NULL) {
        result->loaded = -1;
        snprintf(result->error, sizeof result->error, "%s", load_error);
        return;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        result->loaded = -1;
        snprintf(result->error, sizeof result->error, "libcurl could not start a request (curl_easy_init)");
        return;
    }
    char header[300];
    snprintf(header, sizeof header, "Content-Type: %s", content_type);
    struct curl_slist *headers = curl.slist_append(NULL, header);
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_CUSTOMREQUEST, "PUT");
    curl.easy_setopt(handle, OPT_POSTFIELDS, body);
    curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)body_length);
    curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, result->error);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, keep_body);
    curl.easy_setopt(handle, OPT_WRITEDATA, result);
    result->curl_code = curl.easy_perform(handle);
    if (result->curl_code != 0 && result->error[0] == 0) {
        snprintf(result->error, sizeof result->error, "%s", curl.easy_strerror(result->curl_code));
    }
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &result->http_status);
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
}
