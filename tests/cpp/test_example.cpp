// The README's C++ example compiles (it is part of this test program's sources' neighbours)
// and runs on the demo data: built as its own executable by CMake, run here.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "test_helpers.hpp"

TEST(Example, ReadmeExampleRunsOnDemoData) {
  const std::string cmd =
      std::string("'") + SCOUTMATCH_EXAMPLE + "' '" + scoutmatch::testing::demo_profiles() + "'";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << out;
  EXPECT_NE(out.find("1. "), std::string::npos) << out;
  EXPECT_NE(out.find("reloaded index gives the same top match"), std::string::npos) << out;
}
