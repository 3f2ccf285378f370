#include "service/storage/export_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <future>
#include <memory>

#include "service/storage/database_error.h"
#include "service/storage/lease_work.h"

namespace tnt::storage {

std::optional<unsigned> ExportRepository::formId(const std::string& slug)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<unsigned> {
        auto& st = lease.prepare("SELECT id FROM forms WHERE slug = ?");
        st.setString(1, slug);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        return rs->getUInt(1);
    });
}

std::vector<std::string> ExportRepository::definitions(unsigned form_id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("SELECT definition FROM form_versions WHERE form_id = ? ORDER BY version");
        st.setUInt(1, form_id);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::vector<std::string> out;
        while (rs->next()) out.push_back(rs->getString(1));
        return out;
    });
}

std::uint64_t ExportRepository::count(const ResponseFilter& filter)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("SELECT COUNT(*) FROM responses r WHERE " + filterSql(filter));
        bindFilter(st, filter, 1);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        rs->next();
        return static_cast<std::uint64_t>(rs->getUInt64(1));
    });
}

namespace {

// Keyset pagination: each chunk starts after the last id seen, an index range scan whatever the depth,
// where LIMIT/OFFSET would rescan everything before the page.
std::string chunkSql(const ResponseFilter& filter, std::size_t chunk_rows, bool with_registrations)
{
    return "SELECT r.id, r.public_id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), r.answers, "
           "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.updated_at)" +
           std::string(with_registrations
                           ? ", (SELECT GROUP_CONCAT(CONCAT(g.group_code, ':', g.state) ORDER BY "
                             "g.group_code SEPARATOR ',') FROM registrations g WHERE g.response_id = r.id)"
                           : "") +
           " FROM " + std::string(kResponsesInIdOrder) + " WHERE " + filterSql(filter) +
           " AND r.id > ? ORDER BY r.id LIMIT " + std::to_string(chunk_rows);
}

struct Chunk {
    std::vector<ExportedResponse> rows;
    unsigned long long last_id = 0;  // where the next chunk starts
};

// The responses after `after` (an id), at most the LIMIT of `sql` (chunkSql's).
Chunk readChunk(ConnectionPool& pool, const std::string& sql, const ResponseFilter& filter, unsigned long long after,
                bool with_registrations)
{
    Chunk chunk;
    chunk.last_id = after;
    withLease(pool, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(sql);
        const int next = bindFilter(st, filter, 1);
        st.setUInt64(next, after);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        chunk.rows.reserve(rs->rowsCount());
        while (rs->next()) {
            chunk.last_id = rs->getUInt64(1);
            using Micros = std::chrono::sys_time<std::chrono::microseconds>;
            chunk.rows.push_back(ExportedResponse{
                rs->getString(2), Micros(std::chrono::microseconds(rs->getInt64(3))), rs->getString(4),
                with_registrations && !rs->isNull(6) ? std::string(rs->getString(6)) : "",
                rs->isNull(5) ? std::nullopt
                              : std::optional<Micros>(Micros(std::chrono::microseconds(rs->getInt64(5))))});
        }
        return 0;
    });
    return chunk;
}

}  // namespace

std::uint64_t ExportRepository::forEachResponse(const ResponseFilter& filter, std::size_t chunk_rows,
                                                const std::function<void(const ExportedResponse&)>& each,
                                                bool with_registrations)
{
    const auto sql = chunkSql(filter, chunk_rows, with_registrations);
    // The next chunk is read on a thread of its own while this one's rows are handed on, so the database's
    // work and the caller's (formatting, compressing, sending) overlap; two chunks at most are in memory. The
    // rows are handed on with no connection held: a slow client never holds one. If `each` throws, the
    // future's destructor waits for the read in flight, whose chunk is dropped.
    std::uint64_t total = 0;
    Chunk current = readChunk(pool_, sql, filter, 0, with_registrations);
    while (true) {
        std::future<Chunk> next;
        if (current.rows.size() == chunk_rows) {
            next = std::async(std::launch::async, [&, after = current.last_id] {
                pool_.threadInit();
                const struct ThreadEnd {
                    ConnectionPool& pool;
                    ~ThreadEnd() { pool.threadEnd(); }
                } end{pool_};
                return readChunk(pool_, sql, filter, after, with_registrations);
            });
        }
        for (const auto& row : current.rows) each(row);
        total += current.rows.size();
        if (!next.valid()) return total;
        current = next.get();
    }
}

std::vector<ExportedResponse> ExportRepository::firstResponses(const ResponseFilter& filter, std::size_t rows,
                                                               bool with_registrations)
{
    return readChunk(pool_, chunkSql(filter, rows, with_registrations), filter, 0, with_registrations).rows;
}

void ExportRepository::record(const ExportRecord& r)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "INSERT INTO export_log (token_name, form_slug, scope, kind, row_count) VALUES (?, ?, ?, ?, ?)");
        st.setString(1, r.token_name);
        st.setString(2, r.form_slug);
        st.setString(3, r.scope);
        st.setString(4, r.kind);
        st.setUInt64(5, r.rows);
        st.executeUpdate();
        return 0;
    });
}

}  // namespace tnt::storage
