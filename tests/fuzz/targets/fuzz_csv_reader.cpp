// libFuzzer target: see tests/fuzz/targets/fuzz_entries.h for what readCsvInput checks.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/targets/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    tnt::fuzz::readCsvInput({reinterpret_cast<const char*>(data), size});
    return 0;
}
