// `serve --tls-cert --tls-key`: HTTPS through Pistache and OpenSSL with a certificate made by the test,
// HSTS on every answer, and no plain-HTTP answer on the TLS port.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;

TEST(TlsTest, ServesHttpsWithHstsAndRefusesPlainHttp)
{
    TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    TestDatabase db(env);
    const auto dir = std::filesystem::path(::testing::TempDir()) / ("tls-" + db.name());
    std::filesystem::create_directories(dir);
    const auto cert = (dir / "cert.pem").string();
    const auto key = (dir / "key.pem").string();
    const auto made = runCommand("/usr/bin/openssl",
                                 {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    ASSERT_EQ(made.status, 0) << made.output;

    const int port = freePort();
    auto service = startService(env, db.settings(), port, {"--tls-cert", cert, "--tls-key", key});
    const auto url = "https://127.0.0.1:" + std::to_string(port);
    CommandResult answer;
    for (int i = 0; i < 100; ++i) {
        answer = runCommand("/usr/bin/curl", {"-s", "--cacert", cert, "-D", "-", url + "/readyz"});
        if (answer.status == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(answer.status, 0) << answer.output << service->log();
    EXPECT_NE(answer.output.find("HTTP/1.1 200"), std::string::npos) << answer.output;
    EXPECT_NE(answer.output.find("Strict-Transport-Security: max-age=31536000"), std::string::npos) << answer.output;
    EXPECT_NE(answer.output.find("\"database\":\"ok\""), std::string::npos);
    EXPECT_EQ(httpGet(port, "/healthz").status, 0) << "no plain-HTTP answer on the TLS port";
    EXPECT_EQ(service->stop(), 0) << service->log();
    std::filesystem::remove_all(dir);
}
