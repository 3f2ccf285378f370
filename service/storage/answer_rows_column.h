// responses.answer_rows (schema/0005_answer_rows.sql): a response's answer rows as the statistics need
// them, in one compact JSON array — [[question, option, number], …], option "" and number null when the
// question has none. Text answers keep their question only: the text itself is in responses.answers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/domain/answer_validation.h"

namespace tnt::storage {

std::string encodeAnswerRows(const std::vector<domain::AnswerRow>& rows);

// Throws std::runtime_error on a value that is not such an array. An empty text is no rows.
std::vector<domain::AnswerRow> decodeAnswerRows(std::string_view column);

}  // namespace tnt::storage
