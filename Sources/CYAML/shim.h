#ifndef SOPC_CYAML_SHIM_H
#define SOPC_CYAML_SHIM_H
#include <yaml.h>
#endif
