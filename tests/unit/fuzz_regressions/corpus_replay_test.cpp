// The fuzz corpus as a regression suite: each file of tests/fuzz/corpus/<target>/ goes through the entry
// function of that target (tests/fuzz/targets/fuzz_entries.h). A regression shows as a crash, a sanitizer
// report under deploy/test.sh, an escaped exception or an aborted invariant; the file being replayed is
// printed first so that a crash names it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/targets/fuzz_entries.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpusFiles(const std::string& target)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(TNT_FUZZ_CORPUS_DIR) / target)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replay(const std::string& target, void (*entry)(std::string_view))
{
    const auto files = corpusFiles(target);
    ASSERT_GE(files.size(), 3u) << "the seed corpus of " << target << " is missing";
    for (const auto& file : files) {
        std::fprintf(stderr, "replaying %s\n", file.c_str());
        EXPECT_NO_THROW(entry(readBytes(file))) << file;
    }
}

TEST(FuzzCorpusReplay, UrlEncodedBodiesParseAndRoundTrip)
{
    replay("urlencoded", tnt::fuzz::parseUrlEncodedInput);
}

TEST(FuzzCorpusReplay, AnswersValidateAgainstShippedFormsWithoutCrash)
{
    replay("answers", tnt::fuzz::validateAnswersInput);
}

TEST(FuzzCorpusReplay, JsonBodiesParseOrAreRefusedWith400)
{
    replay("json_body", tnt::fuzz::parseJsonBodyInput);
}

TEST(FuzzCorpusReplay, FormFilesLoadOrGiveDiagnostics)
{
    replay("form_loader", tnt::fuzz::loadFormInput);
}

TEST(FuzzCorpusReplay, CsvFilesReadOrAreRefused)
{
    replay("csv_reader", tnt::fuzz::readCsvInput);
}

}  // namespace
