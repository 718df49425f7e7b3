#ifndef SOPC_CZLIB_SHIM_H
#define SOPC_CZLIB_SHIM_H
#include <zlib.h>
#endif
