#ifndef STANCE_COPENBLAS_SHIM_H
#define STANCE_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
