#ifndef SOPC_CGRAPHVIZ_SHIM_H
#define SOPC_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
