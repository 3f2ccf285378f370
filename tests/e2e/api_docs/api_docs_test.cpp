// The API's description served by the running service: GET /api/v1/openapi.json is the OpenAPI 3.1 document
// of docs/ (found beside the forms, as no --docs is given here), and without it the service does not start.
#include <gtest/gtest.h>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;

class ApiDocsTest : public SharedServiceSuite<ApiDocsTest> {
protected:
    static void SetUpTestSuite() { startSuite(); }
};

TEST_F(ApiDocsTest, ServesTheOpenApiDocument)
{
    const auto r = httpGet(port, "/api/v1/openapi.json");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type").rfind("application/json", 0), 0u) << r.header("content-type");
    EXPECT_EQ(r.header("cache-control"), "public, max-age=3600");
    const auto doc = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.body.substr(0, 200);
    EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
    EXPECT_TRUE(doc.at("paths").contains("/api/v1/forms/{slug}/responses"));
}

TEST_F(ApiDocsTest, AMissingDescriptionStopsTheStartWithAFrenchMessage)
{
    ServiceProcess process(env.binary,
                           {"serve", "--listen", "127.0.0.1:" + std::to_string(freePort()), "--forms",
                            env.source_dir + "/tests/e2e/data/forms", "--schema", env.source_dir + "/schema", "--docs",
                            "/nonexistent/docs"},
                           databaseEnvironment(db->settings()));
    EXPECT_NE(process.wait(), 0);
    EXPECT_NE(process.log().find("--docs : le fichier /nonexistent/docs/openapi.json"), std::string::npos)
        << process.log();
}
