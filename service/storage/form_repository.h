// Records the forms being served: one row per form, one per version of its definition (a new version when
// the definition's hash is new, so stored responses keep the version they answered), and the group
// catalogue with its capacities and deadlines. Runs once at start-up.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/storage/connection_pool.h"

namespace tnt::storage {

struct FormRecord {
    unsigned form_id = 0;
    unsigned version_id = 0;
    unsigned version_number = 0;
};

// slug → the database id of each form served, known from the start-up sync: pilots' requests look their
// form up here instead of asking the database each time.
using FormIds = std::map<std::string, unsigned, std::less<>>;

FormIds formIds(const std::map<std::string, FormRecord>& records);

class FormRepository {
public:
    explicit FormRepository(ConnectionPool& pool) : pool_(pool) {}

    // Returns slug → ids of the version being served.
    std::map<std::string, FormRecord> sync(const std::vector<domain::Form>& forms,
                                           const domain::GroupCatalogue* catalogue);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
