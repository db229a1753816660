#ifndef C_LIB_FUZZER_H
#define C_LIB_FUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerInterface.h): parses the libFuzzer flags in
/// argc/argv and runs `callback` on each input. The fuzz targets call it from their own entry
/// point, because SwiftPM links an executable's `main` to `<Target>_main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
