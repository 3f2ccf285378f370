// Reference (b) of the submission benchmark: how fast a plain client makes durable the rows that
// submissions write — with no HTTP, no validation, no JSON, nothing of the service. It copies the last
// responses the service stored in the same run (their answers JSON and answer rows, claims and group
// sign-ups, so the rows are exactly the service's), and writes them again as the service's writers do:
// transactions of BATCH submissions, one multi-row INSERT per table, the group counters updated, at
// default durability, over CONNECTIONS connections in a closed loop for SECONDS. Its rows say
// source = 'bench-reference', so the benchmark's loss count leaves them out.
//   tnt-insert-reference SOCKET DATABASE USER PASSWORD_FILE CONNECTIONS BATCH SECONDS
// Prints `RESULT {"submissions": N, "seconds": S, "per_second": R}` on its last line.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Template {
    unsigned form_id = 0;
    unsigned version_id = 0;
    std::string answers;
    std::string answer_rows;
    std::size_t claims = 0;
    std::vector<std::string> groups;
};

struct Settings {
    std::string socket, database, user, password;
};

std::unique_ptr<sql::Connection> connect(const Settings& s)
{
    sql::ConnectOptionsMap props;
    props["hostName"] = sql::SQLString("localhost");
    props["socket"] = sql::SQLString(s.socket);
    props["userName"] = sql::SQLString(s.user);
    props["password"] = sql::SQLString(s.password);
    props["schema"] = sql::SQLString(s.database);
    props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    return std::unique_ptr<sql::Connection>(sql::mysql::get_mysql_driver_instance()->connect(props));
}

void execute(sql::Connection& c, const std::string& sql)
{
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute(sql);
}

std::string rows(std::size_t n, const char* row)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i > 0 ? ", " : "") + std::string(row);
    return out;
}

std::vector<Template> readTemplates(sql::Connection& c)
{
    std::vector<Template> out;
    std::map<unsigned long long, std::size_t> index;
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT id, form_id, form_version_id, answers, answer_rows FROM responses WHERE "
                         "COALESCE(source, '') <> 'bench-reference' "
                         "ORDER BY id DESC LIMIT 3000"));
    while (rs->next()) {
        index[rs->getUInt64(1)] = out.size();
        out.push_back({rs->getUInt(2), rs->getUInt(3), rs->getString(4), rs->getString(5), 0, {}});
    }
    if (out.empty()) return out;
    const auto low = std::to_string(index.begin()->first);
    rs.reset(st->executeQuery("SELECT response_id, COUNT(*) FROM unique_claims WHERE response_id >= " + low +
                              " GROUP BY response_id"));
    while (rs->next()) {
        if (auto it = index.find(rs->getUInt64(1)); it != index.end()) out[it->second].claims = rs->getUInt(2);
    }
    rs.reset(st->executeQuery("SELECT response_id, group_code FROM registrations WHERE response_id >= " + low +
                              " ORDER BY response_id, group_code"));
    while (rs->next()) {
        if (auto it = index.find(rs->getUInt64(1)); it != index.end()) {
            out[it->second].groups.push_back(rs->getString(2));
        }
    }
    return out;
}

std::string randomHex(std::mt19937_64& random, std::size_t chars)
{
    static const char* digits = "0123456789abcdef";
    std::string out(chars, '0');
    for (auto& ch : out) ch = digits[random() & 15];
    return out;
}

// A connection's prepared statements, prepared once each as the service's pool does.
class Statements {
public:
    explicit Statements(sql::Connection& c) : c_(c) {}
    sql::PreparedStatement& operator()(const std::string& sql)
    {
        auto& cached = cached_[sql];
        if (!cached) cached.reset(c_.prepareStatement(sql));
        return *cached;
    }

private:
    sql::Connection& c_;
    std::map<std::string, std::unique_ptr<sql::PreparedStatement>> cached_;
};

// One transaction of `batch` submissions copied from the templates; the statements the service's writer
// sends for the same rows, multi-row.
void writeBatch(sql::Connection& c, Statements& prepare, const std::vector<Template>& templates, std::size_t& next,
                std::size_t batch, std::mt19937_64& random)
{
    std::vector<const Template*> chosen;
    for (std::size_t i = 0; i < batch; ++i) chosen.push_back(&templates[next++ % templates.size()]);
    execute(c, "START TRANSACTION");
    auto* insert = &prepare(
        "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, source, answers, answer_rows, "
        "receipt_hash, request_hash) VALUES " +
        rows(batch, "(?, ?, ?, UTC_TIMESTAMP(6), 'bench-reference', ?, ?, ?, ?)"));
    int p = 1;
    for (const auto* t : chosen) {
        insert->setString(p++, randomHex(random, 16));
        insert->setUInt(p++, t->form_id);
        insert->setUInt(p++, t->version_id);
        insert->setString(p++, t->answers);
        insert->setString(p++, t->answer_rows);
        insert->setString(p++, randomHex(random, 64));
        insert->setString(p++, randomHex(random, 64));
    }
    insert->executeUpdate();
    // One multi-row INSERT's ids are consecutive from LAST_INSERT_ID() (innodb_autoinc_lock_mode 1, the default).
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT LAST_INSERT_ID()"));
    rs->next();
    const auto first = rs->getUInt64(1);
    std::size_t claims = 0;
    std::map<std::string, unsigned> per_group;
    for (const auto* t : chosen) {
        claims += t->claims;
        for (const auto& g : t->groups) ++per_group[g];
    }
    if (claims > 0) {
        auto* claim =
            &prepare("INSERT INTO unique_claims (form_id, claim, response_id) VALUES " + rows(claims, "(?, ?, ?)"));
        p = 1;
        for (std::size_t i = 0; i < chosen.size(); ++i) {
            for (std::size_t k = 0; k < chosen[i]->claims; ++k) {
                claim->setUInt(p++, chosen[i]->form_id);
                claim->setString(p++, randomHex(random, 64));
                claim->setUInt64(p++, first + i);
            }
        }
        claim->executeUpdate();
    }
    if (!per_group.empty()) {
        std::size_t signups = 0;
        for (const auto& [code, n] : per_group) {
            auto* take = &prepare("UPDATE project_groups SET registered = registered + ? WHERE code = ?");
            take->setUInt(1, n);
            take->setString(2, code);
            take->executeUpdate();
            signups += n;
        }
        auto* reg = &prepare("INSERT INTO registrations (response_id, group_code, form_id, state, changed_at) VALUES " +
                             rows(signups, "(?, ?, ?, 'registered', UTC_TIMESTAMP(6))"));
        p = 1;
        for (std::size_t i = 0; i < chosen.size(); ++i) {
            for (const auto& g : chosen[i]->groups) {
                reg->setUInt64(p++, first + i);
                reg->setString(p++, g);
                reg->setUInt(p++, chosen[i]->form_id);
            }
        }
        reg->executeUpdate();
        auto* counts =
            &prepare("INSERT INTO registration_counts (form_id, group_code, state, n) VALUES " +
                     rows(per_group.size(), "(?, ?, 'registered', ?)") + " ON DUPLICATE KEY UPDATE n = n + VALUES(n)");
        p = 1;
        const unsigned form_id = [&] {
            for (const auto* t : chosen)
                if (!t->groups.empty()) return t->form_id;
            return 0u;
        }();
        for (const auto& [code, n] : per_group) {
            counts->setUInt(p++, form_id);
            counts->setString(p++, code);
            counts->setUInt(p++, n);
        }
        counts->executeUpdate();
    }
    auto* pending = &prepare("INSERT INTO count_pending (response_id) VALUES " + rows(batch, "(?)"));
    for (std::size_t i = 0; i < batch; ++i) pending->setUInt64(static_cast<int>(i) + 1, first + i);
    pending->executeUpdate();
    execute(c, "COMMIT");
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 8) {
        std::cerr << "usage: tnt-insert-reference SOCKET DATABASE USER PASSWORD_FILE CONNECTIONS BATCH SECONDS\n";
        return 2;
    }
    Settings settings{argv[1], argv[2], argv[3], {}};
    std::ifstream password(argv[4]);
    std::getline(password, settings.password);
    const auto connections = static_cast<std::size_t>(std::stoul(argv[5]));
    const auto batch = static_cast<std::size_t>(std::stoul(argv[6]));
    const auto seconds = std::stod(argv[7]);
    try {
        auto first = connect(settings);
        const auto templates = readTemplates(*first);
        if (templates.empty()) {
            std::cerr << "no stored response to copy: run the service's submissions first\n";
            return 1;
        }
        std::atomic<bool> stop{false};
        std::atomic<std::size_t> written{0};
        std::atomic<std::size_t> failures{0};
        std::vector<std::thread> threads;
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t t = 0; t < connections; ++t) {
            threads.emplace_back([&, t] {
                sql::mysql::get_mysql_driver_instance()->threadInit();
                {
                    std::mt19937_64 random(std::random_device{}() ^ t);
                    std::size_t next = t * 97;
                    auto c = connect(settings);
                    auto statements = std::make_unique<Statements>(*c);
                    while (!stop.load()) {
                        try {
                            writeBatch(*c, *statements, templates, next, batch, random);
                            written += batch;
                        } catch (const sql::SQLException& e) {
                            ++failures;  // a deadlock on a group's row: rolled back, tried again
                            try {
                                execute(*c, "ROLLBACK");
                            } catch (const sql::SQLException&) {
                                statements.reset();
                                c = connect(settings);
                                statements = std::make_unique<Statements>(*c);
                            }
                        }
                    }
                }
                sql::mysql::get_mysql_driver_instance()->threadEnd();
            });
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        stop = true;
        for (auto& t : threads) t.join();
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("RESULT {\"submissions\": %zu, \"seconds\": %.3f, \"per_second\": %.0f, \"retried\": %zu}\n",
                    written.load(), elapsed, static_cast<double>(written.load()) / elapsed, failures.load());
    } catch (const sql::SQLException& e) {
        std::cerr << "database: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
