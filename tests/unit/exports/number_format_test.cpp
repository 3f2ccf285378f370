// The one number formatter of the project (CSV cells, the dashboard's figures, the pages' HTML attributes):
// no exponent, the caller's decimal separator, and std::to_chars underneath, which never reads the C locale.
#include <gtest/gtest.h>

#include <limits>

#include "exports/number_format.h"

namespace tnt::exports {
namespace {

TEST(NumberFormat, DecimalIsShortestAndExact)
{
    EXPECT_EQ(formatDecimal(5.0, '.'), "5");
    EXPECT_EQ(formatDecimal(2.5, '.'), "2.5");
    EXPECT_EQ(formatDecimal(2.5, ','), "2,5");
    EXPECT_EQ(formatDecimal(0.1, '.'), "0.1");
    EXPECT_EQ(formatDecimal(-12.75, ','), "-12,75");
    EXPECT_EQ(formatDecimal(1e15, '.'), "1000000000000000");
    EXPECT_EQ(formatDecimal(std::numeric_limits<double>::quiet_NaN(), '.'), "");
}

TEST(NumberFormat, RoundedDropsTrailingZeros)
{
    EXPECT_EQ(formatRounded(33.333, 1, ','), "33,3");
    EXPECT_EQ(formatRounded(50.0, 1, ','), "50");
    EXPECT_EQ(formatRounded(-0.01, 1, ','), "0");
}

TEST(NumberFormat, FixedKeepsItsDecimals)
{
    EXPECT_EQ(formatFixed(3.5, 2, ','), "3,50");
    EXPECT_EQ(formatFixed(2.0, 1, ','), "2,0");
    EXPECT_EQ(formatFixed(7.125, 2, '.'), "7.12");  // 7.125 is exact: ties to even, as printf did
    EXPECT_EQ(formatFixed(7.126, 2, ','), "7,13");
    EXPECT_EQ(formatFixed(42.0, 0, ','), "42");
    EXPECT_EQ(formatFixed(std::numeric_limits<double>::infinity(), 2, ','), "");
}

}  // namespace
}  // namespace tnt::exports
