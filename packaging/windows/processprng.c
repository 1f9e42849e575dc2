/* Test bench only (Wine 8 lacks it; real Windows 10/11 has it): bcryptprimitives.dll exporting ProcessPrng, which
 * Rust's standard library imports on Windows since 1.78. Without it every Rust program exits at once with code 53
 * under Wine 8. It fills the buffer with advapi32's RtlGenRandom (SystemFunction036), in chunks of at most 4 GiB
 * less one (its length is a ULONG). Built by .ci/windows.sh into the Wine prefix's system32, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0xFFFFFFFFu ? 0xFFFFFFFFu : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
