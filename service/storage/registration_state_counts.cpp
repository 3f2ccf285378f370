#include "service/storage/registration_state_counts.h"

#include <cppconn/prepared_statement.h>

namespace tnt::storage {

void applyRegistrationCounts(ConnectionPool::Lease& lease, const RegistrationCountChanges& changes)
{
    auto& st = lease.prepare(
        "INSERT INTO registration_counts (form_id, group_code, state, n) VALUES (?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE n = n + VALUES(n)");
    for (const auto& [key, n] : changes) {
        if (n == 0) continue;
        st.setUInt(1, std::get<0>(key));
        st.setString(2, std::get<1>(key));
        st.setString(3, std::get<2>(key));
        st.setInt64(4, n);
        st.executeUpdate();
    }
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
