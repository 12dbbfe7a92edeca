#ifndef DSBENCH_CZLIB_SHIM_H
#define DSBENCH_CZLIB_SHIM_H
#include <zlib.h>
#endif
