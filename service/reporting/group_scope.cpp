#include "service/reporting/group_scope.h"

#include <algorithm>

namespace tnt::reporting {

bool GroupScope::shows(std::string_view group) const
{
    return !narrowed() || std::find(groups.begin(), groups.end(), group) != groups.end();
}

void GroupScope::apply(exports::ExportQuestion& groupsQuestion) const
{
    if (!narrowed()) return;
    std::erase_if(groupsQuestion.options, [this](const exports::ExportOption& o) { return !shows(o.key); });
    groupsQuestion.onlyListedOptions = true;
}

void GroupScope::apply(std::vector<exports::OptionCount>& groupCounts) const
{
    std::erase_if(groupCounts, [this](const exports::OptionCount& c) { return !shows(c.key); });
}

}  // namespace tnt::reporting
