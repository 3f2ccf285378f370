#include "service/storage/response_filter.h"

#include <cppconn/prepared_statement.h>

#include "service/storage/sql_time.h"

namespace tnt::storage {

std::string filterSql(const ResponseFilter& filter)
{
    std::string sql = "r.form_id = ?";
    if (filter.from) sql += " AND r.submitted_at >= ?";
    if (filter.to) sql += " AND r.submitted_at < ?";
    if (!filter.groups.empty()) {
        sql += " AND EXISTS (SELECT 1 FROM registrations g WHERE g.response_id = r.id AND g.group_code IN (";
        for (std::size_t i = 0; i < filter.groups.size(); ++i) sql += i == 0 ? "?" : ", ?";
        sql += "))";
    }
    return sql;
}

int bindFilter(sql::PreparedStatement& st, const ResponseFilter& filter, int index)
{
    st.setUInt(index++, filter.form_id);
    if (filter.from) st.setString(index++, toSqlDateTime(*filter.from));
    if (filter.to) st.setString(index++, toSqlDateTime(*filter.to));
    for (const auto& g : filter.groups) st.setString(index++, g);
    return index;
}

}  // namespace tnt::storage
