// The static files of the DSFR: content types, cache headers, and nothing outside the directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "service/http/static_files.h"

namespace tnt::http {
namespace {

namespace fs = std::filesystem;

std::string headerOf(const HttpResponse& r, const std::string& name)
{
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return "";
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        base = fs::path(::testing::TempDir()) / ("static-files-" + std::to_string(::getpid()));
        fs::create_directories(base / "dist" / "fonts");
        std::ofstream(base / "dist" / "dsfr.min.css") << "body{}";
        std::ofstream(base / "dist" / "fonts" / "Marianne.woff2") << "wOF2";
        std::ofstream(base / "secret.txt") << "secret";
        fs::create_symlink(base / "secret.txt", base / "dist" / "lien.css");
    }
    void TearDown() override { fs::remove_all(base); }

    fs::path base;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCacheHeaders)
{
    const StaticFiles files(base / "dist");
    const auto css = files.serve("dsfr.min.css");
    ASSERT_TRUE(css);
    EXPECT_EQ(css->status, 200);
    EXPECT_EQ(css->body, "body{}");
    EXPECT_EQ(headerOf(*css, "Content-Type"), "text/css; charset=utf-8");
    EXPECT_NE(headerOf(*css, "Cache-Control").find("max-age="), std::string::npos);
    const auto font = files.serve("fonts/Marianne.woff2");
    ASSERT_TRUE(font);
    EXPECT_EQ(headerOf(*font, "Content-Type"), "font/woff2");
}

TEST_F(StaticFilesTest, RefusesTraversalAndLinksOutside)
{
    const StaticFiles files(base / "dist");
    EXPECT_FALSE(files.serve("../secret.txt"));
    EXPECT_FALSE(files.serve("fonts/../../secret.txt"));
    EXPECT_FALSE(files.serve("/etc/passwd"));
    EXPECT_FALSE(files.serve("lien.css"));
    EXPECT_FALSE(files.serve("fonts"));
    EXPECT_FALSE(files.serve("absent.css"));
}

TEST(StaticPaths, OnlyPlainRelativePaths)
{
    EXPECT_TRUE(isSafeRelativePath("dsfr.min.css"));
    EXPECT_TRUE(isSafeRelativePath("utility/icons/icons.min.css"));
    EXPECT_FALSE(isSafeRelativePath(""));
    EXPECT_FALSE(isSafeRelativePath("/dsfr.min.css"));
    EXPECT_FALSE(isSafeRelativePath(".."));
    EXPECT_FALSE(isSafeRelativePath("a/../b"));
    EXPECT_FALSE(isSafeRelativePath("a/./b"));
    EXPECT_FALSE(isSafeRelativePath("a//b"));
    EXPECT_FALSE(isSafeRelativePath("a\\..\\b"));
    EXPECT_FALSE(isSafeRelativePath(std::string("a\0b", 3)));
}

TEST(StaticPaths, ContentTypes)
{
    EXPECT_EQ(contentTypeOf("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(contentTypeOf("a.woff"), "font/woff");
    EXPECT_EQ(contentTypeOf("a.svg"), "image/svg+xml");
    EXPECT_EQ(contentTypeOf("a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(contentTypeOf("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace tnt::http
