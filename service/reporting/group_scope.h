// What a pilot narrowed to groups (a token scoped `group:GP3`) may see of a registration form, in one place
// for the CSV export, the statistics and the dashboard: the responses registered to one of their groups
// (the response filter, from access::visibleGroups) and, of the question offering the groups, only their
// own groups — never the other groups a registrant also joined.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exports/export_columns.h"
#include "exports/statistics.h"

namespace tnt::reporting {

struct GroupScope {
    std::vector<std::string> groups;  // the token's groups; empty: not narrowed, every group is shown

    bool narrowed() const { return !groups.empty(); }
    bool shows(std::string_view group) const;

    // The groups question of an export as the scope sees it: only the scope's groups as options, and a
    // registrant's other groups left out of the cells.
    void apply(exports::ExportQuestion& groupsQuestion) const;
    // The groups question's counts as the scope sees it: only the scope's groups.
    void apply(std::vector<exports::OptionCount>& groupCounts) const;
};

}  // namespace tnt::reporting
