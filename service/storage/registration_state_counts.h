// registration_counts (schema/0016_registration_counts.sql): how many sign-ups each form has in each group
// and state. Every statement that adds, changes or removes a sign-up moves them in its transaction, after
// taking the group's row lock (project_groups), so they are exact at every commit and two transactions never
// take the same counters in opposite orders.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "service/storage/connection_pool.h"

namespace tnt::storage {

// form id, group code, state name → change
using RegistrationCountChanges = std::map<std::tuple<unsigned, std::string, std::string>, long long>;

// Applies the changes (in key order) on the lease's open transaction.
void applyRegistrationCounts(ConnectionPool::Lease& lease, const RegistrationCountChanges& changes);

// Counts one sign-up (response, group) `delta` times under `state`: its form is read from the sign-up.
void countSignUp(ConnectionPool::Lease& lease, std::uint64_t response_id, const std::string& group,
                 std::string_view state, int delta);

}  // namespace tnt::storage
