#ifndef DSBENCH_CCURLPUSH_H
#define DSBENCH_CCURLPUSH_H

#include <stddef.h>

/// What one HTTP PUT through libcurl ended with.
typedef struct {
    /// 0: libcurl ran the request (see curl_code); -1: libcurl could not be loaded (see error).
    int loaded;
    /// libcurl's CURLcode: 0 when an answer came, 28 for a timeout, 7 when nothing listened, ….
    int curl_code;
    /// The HTTP status of the answer, 0 without one.
    long http_status;
    /// libcurl's own sentence for a failure (its error buffer), or why it could not be loaded.
    char error[512];
    /// The first bytes of the answer's body (for a refusal's reason), NUL-terminated.
    char body[1024];
    size_t body_length;
} dsb_put_result;

/// PUTs `body` to `url` with `content_type`, giving up after `timeout_ms`. libcurl is opened here,
/// on first use (dlopen of libcurl.so.4), so a dsbench command that never pushes never loads it
/// and its 25 libraries (docs/performance.md: start-up). Blocking: call it off the async pool.
void dsb_http_put(const char *url, const char *content_type, const void *body, size_t body_length,
                  long timeout_ms, dsb_put_result *result);

#endif
