#include <gtest/gtest.h>
#include "scoutmatch/text/analyzer.hpp"
TEST(Analyzer, Placeholder) { EXPECT_TRUE(true); }
