#include "service/storage/answer_rows_column.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tnt::storage {

std::string encodeAnswerRows(const std::vector<domain::AnswerRow>& rows)
{
    auto out = nlohmann::json::array();
    for (const auto& row : rows) {
        out.push_back(
            {row.question_key, row.option_key, row.number ? nlohmann::json(*row.number) : nlohmann::json(nullptr)});
    }
    return out.dump();
}

std::vector<domain::AnswerRow> decodeAnswerRows(std::string_view column)
{
    std::vector<domain::AnswerRow> rows;
    if (column.empty()) return rows;
    const auto value = nlohmann::json::parse(column, nullptr, false);
    if (!value.is_array()) throw std::runtime_error("responses.answer_rows is not a JSON array");
    rows.reserve(value.size());
    for (const auto& item : value) {
        if (!item.is_array() || item.size() != 3 || !item[0].is_string() || !item[1].is_string() ||
            !(item[2].is_number() || item[2].is_null())) {
            throw std::runtime_error("responses.answer_rows holds a row that is not [question, option, number]");
        }
        domain::AnswerRow row;
        row.question_key = item[0].get<std::string>();
        row.option_key = item[1].get<std::string>();
        if (item[2].is_number()) row.number = item[2].get<double>();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace tnt::storage
