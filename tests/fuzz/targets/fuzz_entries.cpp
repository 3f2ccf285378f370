#include "tests/fuzz/targets/fuzz_entries.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "exports/csv_reader.h"
#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/http/api_error.h"
#include "service/http/json_body.h"
#if TNT_FUZZ_HAS_URLENCODED
#include "service/http/urlencoded.h"
#endif

#ifndef TNT_FUZZ_FORMS_DIR
#error "TNT_FUZZ_FORMS_DIR must name the repository's forms/ directory"
#endif

namespace tnt::fuzz {
namespace {

// Loaded once per process: the fuzzer calls an entry millions of times.
const domain::FormSet& shippedForms()
{
    static const domain::FormSet forms = [] {
        auto loaded = domain::loadFormsDirectory(TNT_FUZZ_FORMS_DIR);
        if (!loaded.ok() || loaded.forms.empty()) invariantFailed("the forms of " TNT_FUZZ_FORMS_DIR " do not load");
        return loaded;
    }();
    return forms;
}

}  // namespace

void invariantFailed(const char* what)
{
    std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
    std::abort();
}

void parseUrlEncodedInput(std::string_view input)
{
#if TNT_FUZZ_HAS_URLENCODED
    const auto fields = http::parseUrlEncoded(input);
    for (const auto& [name, value] : fields) {
        if (http::percentDecode(http::urlEncode(name)) != name) invariantFailed("urlEncode does not round-trip a name");
        if (http::percentDecode(http::urlEncode(value)) != value)
            invariantFailed("urlEncode does not round-trip a value");
    }
    (void)http::isUrlEncodedContentType(input);
#else
    (void)input;
#endif
}

void validateAnswersInput(std::string_view input)
{
    auto submitted = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
    if (submitted.is_discarded()) {
#if TNT_FUZZ_HAS_URLENCODED
        // Not JSON: taken as an HTML form body, in the shape the page handler passes (strings, and arrays of
        // strings for repeated names). Unlike JSON text, these strings may hold any bytes.
        submitted = nlohmann::json::object();
        for (auto& [name, value] : http::parseUrlEncoded(input)) {
            auto& slot = submitted[name];
            if (slot.is_null()) {
                slot = std::move(value);
            } else {
                if (!slot.is_array()) slot = nlohmann::json::array({slot});
                slot.push_back(std::move(value));
            }
        }
#else
        return;
#endif
    }
    for (const auto& form : shippedForms().forms) {
        const auto result = domain::validateAnswers(form, submitted);
        if (!result.ok()) continue;
        // What is accepted is stored as JSON: it must serialise (valid UTF-8, finite numbers).
        const auto stored = result.normalized.answers.dump();
        if (nlohmann::json::parse(stored, nullptr, false).is_discarded())
            invariantFailed("normalised answers do not parse back");
    }
}

void parseJsonBodyInput(std::string_view input)
{
    try {
        const auto parsed = http::parseJsonBody(input);
        (void)parsed.dump();
    } catch (const http::ApiError& e) {
        if (e.status() != 400) invariantFailed("parseJsonBody refused with a status other than 400");
    }
}

void loadFormInput(std::string_view input)
{
    const auto& catalogue = shippedForms().catalogue;
    const auto form = domain::loadFormText(input, "fuzz.yaml", catalogue ? &*catalogue : nullptr);
    if (form.form.has_value() != form.diagnostics.empty())
        invariantFailed("a form is returned together with diagnostics");
    if (form.form && form.form->slug != "fuzz") invariantFailed("a form whose slug is not its file's stem loaded");
    const auto groups = domain::loadGroupCatalogueText(input, "groups.yaml");
    if (groups.catalogue.has_value() != groups.diagnostics.empty())
        invariantFailed("a catalogue is returned together with diagnostics");
}

void readCsvInput(std::string_view input)
{
    try {
        auto reader = exports::CsvReader::fromString(std::string(input));
        exports::CsvRecord record;
        std::size_t previousLine = 0;
        while (reader.next(record)) {
            if (record.line < previousLine) invariantFailed("CSV records go back in lines");
            previousLine = record.line;
        }
    } catch (const exports::CsvReadError&) {
    }
}

}  // namespace tnt::fuzz
