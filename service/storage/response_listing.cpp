#include "service/storage/response_listing.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/lease_work.h"

namespace tnt::storage {
namespace {

constexpr const char* kSubmittedMicros = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at)";

std::chrono::sys_time<std::chrono::microseconds> micros(std::int64_t value)
{
    return std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(value));
}

// The answer's text: the path is bound ('$."key"'), so a key is never SQL. The unicode_ci collation makes
// the search blind to case and accents.
constexpr const char* kAnswerText = "JSON_VALUE(r.answers, ?)";
constexpr const char* kSearchable = "CONVERT(JSON_VALUE(r.answers, ?) USING utf8mb4) COLLATE utf8mb4_unicode_ci";

std::string jsonPath(const std::string& key)
{
    std::string path = "$.\"";
    for (const char c : key) {
        if (c == '"' || c == '\\') path.push_back('\\');
        path.push_back(c);
    }
    return path + "\"";
}

std::string textWhere(const ResponseFilter& filter, const TextQuery& query)
{
    std::string sql = filterSql(filter) + " AND " + kAnswerText + " <> ''";
    if (!query.search.empty()) sql += std::string(" AND ") + kSearchable + " LIKE ? ESCAPE '!'";
    return sql;
}

int bindText(sql::PreparedStatement& st, const ResponseFilter& filter, const TextQuery& query, int index)
{
    index = bindFilter(st, filter, index);
    st.setString(index++, jsonPath(query.question_key));
    if (!query.search.empty()) {
        st.setString(index++, jsonPath(query.question_key));
        st.setString(index++, containsPattern(query.search));
    }
    return index;
}

}  // namespace

std::string containsPattern(const std::string& text)
{
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
        pattern.push_back(c);
    }
    return pattern + "%";
}

std::vector<ListedResponse> ResponseListing::responses(const ResponseFilter& filter, std::uint64_t offset,
                                                       std::size_t limit)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            std::string("SELECT r.public_id, ") + kSubmittedMicros +
            ", r.answers, (SELECT GROUP_CONCAT(CONCAT(g.group_code, ':', g.state) ORDER BY g.group_code SEPARATOR "
            "',') FROM registrations g WHERE g.response_id = r.id) FROM responses r WHERE " +
            filterSql(filter) + " ORDER BY r.id DESC LIMIT ? OFFSET ?");
        const int next = bindFilter(st, filter, 1);
        st.setUInt64(next, limit);
        st.setUInt64(next + 1, offset);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::vector<ListedResponse> out;
        while (rs->next()) {
            out.push_back({rs->getString(1), micros(rs->getInt64(2)), rs->getString(3),
                           rs->isNull(4) ? std::string() : std::string(rs->getString(4))});
        }
        return out;
    });
}

std::uint64_t ResponseListing::countTexts(const ResponseFilter& filter, const TextQuery& query)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("SELECT COUNT(*) FROM responses r WHERE " + textWhere(filter, query));
        bindText(st, filter, query, 1);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        rs->next();
        return static_cast<std::uint64_t>(rs->getUInt64(1));
    });
}

std::vector<ListedText> ResponseListing::texts(const ResponseFilter& filter, const TextQuery& query,
                                               std::uint64_t offset, std::size_t limit)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(std::string("SELECT r.public_id, ") + kSubmittedMicros + ", " + kAnswerText +
                                 " FROM responses r WHERE " + textWhere(filter, query) +
                                 " ORDER BY r.id DESC LIMIT ? OFFSET ?");
        st.setString(1, jsonPath(query.question_key));
        const int next = bindText(st, filter, query, 2);
        st.setUInt64(next, limit);
        st.setUInt64(next + 1, offset);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::vector<ListedText> out;
        while (rs->next()) out.push_back({rs->getString(1), micros(rs->getInt64(2)), rs->getString(3)});
        return out;
    });
}

}  // namespace tnt::storage
