#ifndef CSHA256_H
#define CSHA256_H
#include <stddef.h>
#include <stdint.h>

/// The 64 round constants K of FIPS 180-4, for the portable rounds too.
const uint32_t *dsb_sha256_round_constants(void);

/// 1 when this CPU has the SHA extensions (and SSSE3, SSE4.1) that dsb_sha256_blocks uses.
int dsb_sha256_hardware_available(void);

/// SHA-256 compression of `blocks` 64-byte blocks of `data` into `state` (a..h, native order),
/// with the x86 SHA instructions. Call only where dsb_sha256_hardware_available() is 1.
void dsb_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
