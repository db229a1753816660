#ifndef STANCE_COPENBLAS_SHIM_H
#define STANCE_COPENBLAS_SHIM_H
#include <stddef.h>

/* OpenBLAS is neither linked nor included: Linear/OpenBLASLibrary.swift loads libopenblas.so.0
   with dlopen the first time a dense routine runs and calls it through the pointer types below.
   Linked, it loaded libopenblas, libgfortran and libquadmath into every process, and OpenBLAS's
   load-time constructor started its thread pool (a thread per extra core, spinning while idle)
   before main could ask for one thread; `stance classify` on the sparse path never calls it.
   The prototypes are the CBLAS standard's, as in OpenBLAS's cblas.h: its enums are passed as
   int (CBLAS_ORDER and CBLAS_TRANSPOSE have int-sized values, named in Linear/BLAS.swift), and blasint is a 32-bit int in
   Debian's LP64 build (OPENBLAS_USE64BITINT unset). */

/* C = alpha op(A) op(B) + beta C. */
typedef void (*stance_sgemm_function)(int order, int transA, int transB, int m, int n, int k, float alpha,
                                      const float *a, int lda, const float *b, int ldb, float beta, float *c,
                                      int ldc);

/* y = alpha op(A) x + beta y. */
typedef void (*stance_sgemv_function)(int order, int trans, int m, int n, float alpha, const float *a, int lda,
                                      const float *x, int incx, float beta, float *y, int incy);

/* The number of threads OpenBLAS's routines use from now on. */
typedef void (*stance_set_num_threads_function)(int threads);

/* LAPACK, from the same libopenblas.so, which exports LAPACK's Fortran symbols (sgeqrf_,
   sorgqr_, sgesdd_; Debian's lapack.h is in liblapacke-dev, not needed). INTEGER is a 32-bit
   int (LP64); every argument is passed by address; gfortran appends the length of each
   CHARACTER argument as a trailing size_t (as OpenBLAS's own lapack.h declares). */

/* QR factorisation of a column-major m x n matrix by Householder reflections. */
typedef void (*stance_sgeqrf_function)(const int *m, const int *n, float *a, const int *lda, float *tau,
                                       float *work, const int *lwork, int *info);

/* Forms the m x n matrix Q with orthonormal columns from sgeqrf's reflectors. */
typedef void (*stance_sorgqr_function)(const int *m, const int *n, const int *k, float *a, const int *lda,
                                       const float *tau, float *work, const int *lwork, int *info);

/* Singular value decomposition by divide and conquer. */
typedef void (*stance_sgesdd_function)(const char *jobz, const int *m, const int *n, float *a, const int *lda,
                                       float *s, float *u, const int *ldu, float *vt, const int *ldvt,
                                       float *work, const int *lwork, int *iwork, int *info,
                                       size_t jobz_length);

/* A software prefetch hint, for the vocabulary's hash-table probes (Linear/Prefetch.swift): the
   table is larger than the caches, and issuing the loads of a document's features ahead of the
   probes overlaps their cache misses. Not OpenBLAS, but this is the one C header the package has.
   Locality 3 (prefetcht0, into L1): against locality 1 (prefetcht2), 20NG unigrams on one thread
   read and count 128 -> 119 ms (14 alternating runs), bigrams on two threads 162 -> 160.5 ms,
   evaluate 0.185 -> 0.181 s. */
static inline void stance_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
