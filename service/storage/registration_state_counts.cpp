#include "service/storage/registration_state_counts.h"

#include <cppconn/prepared_statement.h>

#include <string>
#include <vector>

namespace tnt::storage {

void applyRegistrationCounts(ConnectionPool::Lease& lease, const RegistrationCountChanges& changes)
{
    // One statement for every counter that moves: its shape is the number of counters (a few; at most the
    // groups times the states), so a connection prepares few of them.
    std::vector<const RegistrationCountChanges::value_type*> moved;
    for (const auto& change : changes) {
        if (change.second != 0) moved.push_back(&change);
    }
    if (moved.empty()) return;
    std::string sql = "INSERT INTO registration_counts (form_id, group_code, state, n) VALUES ";
    for (std::size_t i = 0; i < moved.size(); ++i) sql += i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
    sql += " ON DUPLICATE KEY UPDATE n = n + VALUES(n)";
    auto& st = lease.prepare(sql);
    int index = 1;
    for (const auto* change : moved) {
        const auto& [key, n] = *change;
        st.setUInt(index++, std::get<0>(key));
        st.setString(index++, std::get<1>(key));
        st.setString(index++, std::get<2>(key));
        st.setInt64(index++, n);
    }
    st.executeUpdate();
}

void countSignUp(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group,
                 std::string_view state, int delta)
{
    auto& st = lease.prepare(
        "INSERT INTO registration_counts (form_id, group_code, state, n) SELECT form_id, group_code, ?, ? "
        "FROM registrations WHERE response_id = ? AND group_code = ? ON DUPLICATE KEY UPDATE n = n + VALUES(n)");
    st.setString(1, std::string(state));
    st.setInt(2, delta);
    st.setUInt64(3, response_id);
    st.setString(4, group);
    st.executeUpdate();
}

}  // namespace tnt::storage
