// What each fuzz target does with one input, shared by the libFuzzer targets (clang, TNT_FUZZ=ON) and by the
// regression test that replays tests/fuzz/corpus/*/ with the normal g++ build. An entry returns normally for
// any input; a bug shows as a crash, a sanitizer report, an escaped exception or a failed invariant (abort).
#pragma once

#include <string_view>

namespace tnt::fuzz {

// service/http/urlencoded.h: parseUrlEncoded, and percentDecode(urlEncode(x)) == x for every field.
void parseUrlEncodedInput(std::string_view input);
// service/domain/answer_validation.h: the input is JSON text (parsed without exceptions) or, when it is not
// JSON, an urlencoded body in the HTML handler's shape; validated against each form of the repository's
// forms/. An accepted submission must serialise to JSON (it is stored as such).
void validateAnswersInput(std::string_view input);
// service/http/json_body.h: parseJsonBody; ApiError (400 invalid_json) is the expected refusal.
void parseJsonBodyInput(std::string_view input);
// service/domain/form_loader.h: the input as a form file "fuzz.yaml" (with the repository's group
// catalogue) and as a group catalogue.
void loadFormInput(std::string_view input);
// exports/csv_reader.h: every record of the input; CsvReadError is the expected refusal.
void readCsvInput(std::string_view input);

// Aborts with a message: a broken invariant is a finding, like a crash.
[[noreturn]] void invariantFailed(const char* what);

}  // namespace tnt::fuzz
