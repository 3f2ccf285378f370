// responses.answer_rows (schema/0005_answer_rows.sql): a response's answer rows as the statistics need
// them, in one compact JSON array — [[question, option, number], …], option "" and number null when the
// question has none. Text answers keep their question only: the text itself is in responses.answers.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/answer_validation.h"

namespace tnt::storage {

std::string encodeAnswerRows(const std::vector<domain::AnswerRow>& rows);

// Throws std::runtime_error on a value that is not such an array. An empty text is no rows.
std::vector<domain::AnswerRow> decodeAnswerRows(std::string_view column);

namespace answer_rows_detail {

inline bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// The end of the JSON string starting at s[i] == '"': the index just after its closing quote.
inline std::size_t stringEnd(std::string_view s, std::size_t i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            return i + 1;
        }
    }
    throw std::runtime_error("responses.answer_rows holds an unterminated string");
}

}  // namespace answer_rows_detail

// Walks an answer_rows column without decoding it, for sums over many responses: `each(row, question)`
// gets each row's JSON text and its question key still JSON-quoted (the same row or question always
// gives the same text within one writer's output, so the texts can be counted, then decoded once each).
// Throws std::runtime_error when the text is not such an array.
template <typename Each>
void forEachRawAnswerRow(std::string_view s, Each each)
{
    using namespace answer_rows_detail;
    std::size_t i = 0;
    auto skipSpaces = [&] {
        while (i < s.size() && isSpace(s[i])) ++i;
    };
    skipSpaces();
    if (i == s.size()) return;  // no rows
    if (s[i] != '[') throw std::runtime_error("responses.answer_rows is not a JSON array");
    ++i;
    skipSpaces();
    if (i < s.size() && s[i] == ']') return;
    while (true) {
        skipSpaces();
        if (i >= s.size() || s[i] != '[')
            throw std::runtime_error("responses.answer_rows holds a row that is not an array");
        const std::size_t row_start = i++;
        skipSpaces();
        if (i >= s.size() || s[i] != '"')
            throw std::runtime_error("responses.answer_rows holds a row without its question");
        const std::size_t question_start = i;
        i = stringEnd(s, i);
        const auto question = s.substr(question_start, i - question_start);
        while (i < s.size() && s[i] != ']') i = s[i] == '"' ? stringEnd(s, i) : i + 1;
        if (i >= s.size()) throw std::runtime_error("responses.answer_rows holds an unterminated row");
        ++i;
        each(s.substr(row_start, i - row_start), question);
        skipSpaces();
        if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
        }
        if (i < s.size() && s[i] == ']') return;
        throw std::runtime_error("responses.answer_rows is not a JSON array");
    }
}

}  // namespace tnt::storage
