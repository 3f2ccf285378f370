// A form's statistics from the database's aggregates: per question, counts and percentages for choices,
// n/mean/median/distribution for numbers and scales, the NPS score, non-empty counts for texts; and
// responses per Paris calendar day. Pure: the same aggregates always give the same figures.
#pragma once

#include "exports/statistics.h"
#include "service/domain/form.h"
#include "service/reporting/group_scope.h"
#include "service/storage/statistics_repository.h"

namespace tnt::reporting {

// The question offering the groups counts only the groups `scope` shows.
exports::FormStatistics buildStatistics(const domain::Form& form, const storage::AggregatedAnswers& aggregated,
                                        const GroupScope& scope = {});

}  // namespace tnt::reporting
