#include <gtest/gtest.h>

#include "service/storage/sql_script.h"

using tnt::storage::splitSqlStatements;

TEST(SqlScript, SplitsOnSemicolons)
{
    const auto s = splitSqlStatements("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0], "CREATE TABLE a (x INT)");
    EXPECT_EQ(s[1], "CREATE TABLE b (y INT)");
}

TEST(SqlScript, SemicolonInsideStringsAndBackticksDoesNotSplit)
{
    const auto s = splitSqlStatements("INSERT INTO t VALUES ('a;b', \"c;d\");\nSELECT `we;ird` FROM t;");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0], "INSERT INTO t VALUES ('a;b', \"c;d\")");
}

TEST(SqlScript, EscapedQuoteStaysInsideTheString)
{
    const auto s = splitSqlStatements("INSERT INTO t VALUES ('l\\'an;née');SELECT 1");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[1], "SELECT 1");
}

TEST(SqlScript, CommentsAreDroppedWithTheirSemicolons)
{
    const auto s = splitSqlStatements("-- first; comment\nSELECT 1; /* a ; b */ SELECT 2; # last;\n");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0], "SELECT 1");
    EXPECT_EQ(s[1], "SELECT 2");
}

TEST(SqlScript, EmptyScriptHasNoStatement)
{
    EXPECT_TRUE(splitSqlStatements("  \n -- nothing\n ;; ").empty());
}
