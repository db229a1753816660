#ifndef STANCE_COPENBLAS_SHIM_H
#define STANCE_COPENBLAS_SHIM_H
#include <stddef.h>
#include <cblas.h>

/* LAPACK, from the same libopenblas.so. Debian's libopenblas-dev ships only cblas.h, f77blas.h
   and openblas_config.h (lapack.h and lapacke.h are in liblapacke-dev, which is not needed):
   libopenblas.so exports LAPACK's Fortran symbols (sgeqrf_, sorgqr_, sgesdd_), so their
   prototypes are declared here. Debian's OpenBLAS is LP64 (OPENBLAS_USE64BITINT unset), so
   INTEGER is a 32-bit int; every argument is passed by address; gfortran appends the length of
   each CHARACTER argument as a trailing size_t (as OpenBLAS's own lapack.h declares). */

/* QR factorisation of a column-major m x n matrix by Householder reflections. */
void sgeqrf_(const int *m, const int *n, float *a, const int *lda, float *tau,
             float *work, const int *lwork, int *info);

/* Forms the m x n matrix Q with orthonormal columns from sgeqrf's reflectors. */
void sorgqr_(const int *m, const int *n, const int *k, float *a, const int *lda, const float *tau,
             float *work, const int *lwork, int *info);

/* Singular value decomposition by divide and conquer. */
void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda, float *s,
             float *u, const int *ldu, float *vt, const int *ldvt, float *work, const int *lwork,
             int *iwork, int *info, size_t jobz_length);

/* A software prefetch hint, for the vocabulary's hash-table probes (Linear/Prefetch.swift): the
   table is larger than the caches, and issuing the loads of a document's features ahead of the
   probes overlaps their cache misses. Not OpenBLAS, but this is the one C header the package has. */
static inline void stance_prefetch(const void *address) { __builtin_prefetch(address, 0, 1); }

#endif
