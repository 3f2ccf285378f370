// The storage integration tests' common ground: a migrated test database with the fixture forms and group
// catalogue recorded, the response repository over it, and responses built as the submission service
// builds them (validated, with their answer rows, groups and hashed uniqueness claims).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/domain/unique_claims.h"
#include "service/storage/form_repository.h"
#include "service/storage/migration_runner.h"
#include "service/storage/response_repository.h"
#include "tests/support/test_database.h"

namespace tnt::testing {

// The receipt hash these tests give each response: derived from its public id, so a test that kept the id
// can delete it (the service's receipts are secrets, submission::ReceiptSecrets).
inline std::string receiptOf(const std::string& public_id)
{
    return crypto::sha256Hex("receipt of " + public_id);
}

inline submission::NewResponse newResponse(const domain::Form& form, const nlohmann::json& answers,
                                           std::chrono::system_clock::time_point at)
{
    const auto result = domain::validateAnswers(form, answers);
    EXPECT_TRUE(result.ok()) << answers.dump();
    submission::NewResponse r;
    r.form_slug = form.slug;
    r.form_version = form.version;
    r.public_id = crypto::randomToken(22);
    r.receipt_hash = receiptOf(r.public_id);
    r.submitted_at = at;
    r.answers = result.normalized.answers;
    r.rows = result.normalized.rows;
    r.groups = domain::selectedGroups(form, r.answers);
    for (const auto& claim : domain::uniqueClaims(form, r.answers)) r.claims.push_back(crypto::sha256Hex(claim));
    return r;
}

// How many (form, group, state) sign-up counters (schema/0016_registration_counts.sql) differ from the
// registrations counted: "0" when they agree.
inline std::string registrationCountsDrift(TestDatabase& db)
{
    return db.scalar(
        "SELECT (SELECT COUNT(*) FROM (SELECT form_id, group_code, state, COUNT(*) AS n FROM registrations "
        "GROUP BY form_id, group_code, state) t LEFT JOIN registration_counts c USING (form_id, group_code, state) "
        "WHERE c.n IS NULL OR c.n <> t.n) + (SELECT COUNT(*) FROM registration_counts c WHERE c.n <> (SELECT "
        "COUNT(*) FROM registrations g WHERE g.form_id = c.form_id AND g.group_code = c.group_code AND g.state = "
        "c.state))");
}

struct StoredForms : ::testing::Test {
    TestEnvironment env;
    std::unique_ptr<TestDatabase> database;
    domain::FormSet forms;
    std::map<std::string, storage::FormRecord> records;
    std::unique_ptr<storage::ResponseRepository> repository;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        database = std::make_unique<TestDatabase>(env);
        storage::MigrationRunner(database->pool())
            .apply(storage::readMigrationFiles(std::string(TNT_SOURCE_DIR) + "/schema"));
        forms = domain::loadFormsDirectory(std::string(TNT_SOURCE_DIR) + "/tests/e2e/data/forms");
        ASSERT_TRUE(forms.ok());
        records = storage::FormRepository(database->pool()).sync(forms.forms, &*forms.catalogue);
        repository = std::make_unique<storage::ResponseRepository>(database->pool(), records);
    }
    const domain::Form& form(const std::string& slug) const { return *forms.find(slug); }
};

}  // namespace tnt::testing
