// SwiftPM (tools version >= 5.5) compiles an executable target's entry point as `<Target>_main` and links
// with `--defsym main=<Target>_main`. A fuzz target has no entry point of its own (it is built with
// -parse-as-library and only defines LLVMFuzzerTestOneInput), so that alias would dangle. These
// definitions hand control to libFuzzer's driver instead, exactly as libFuzzer's own main does.
// Each executable links this object but uses only the definition named after itself.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CLERK_FUZZ_ENTRY(target) \
    int target##_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }

CLERK_FUZZ_ENTRY(TokenVerify)
CLERK_FUZZ_ENTRY(TokenMutation)
CLERK_FUZZ_ENTRY(JWKSParse)
CLERK_FUZZ_ENTRY(PEMParse)
CLERK_FUZZ_ENTRY(RequestHeaders)
CLERK_FUZZ_ENTRY(APIErrorBody)
