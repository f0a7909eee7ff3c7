// Runs every case file under tests/checkers/testdata/ (see ghost_testdata.h) and compares the
// checkers' report with the golden output. With --rewrite (or GROVE_REWRITE=1) it writes the
// actual output into the files instead: review the diff before committing it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/checkers/ghost_testdata.h"

namespace grove::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = fs::path(GROVE_SOURCE_DIR) / "tests/checkers/testdata";

bool rewrite_mode() {
  if (const char* env = std::getenv("GROVE_REWRITE"); env != nullptr && std::string(env) == "1") {
    return true;
  }
  for (const std::string& arg : ::testing::internal::GetArgvs()) {
    if (arg == "--rewrite") return true;
  }
  return false;
}

std::vector<fs::path> case_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kTestdata)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GhostTestdata, EveryCaseMatchesItsGoldenOutput) {
  const std::vector<fs::path> files = case_files();
  ASSERT_GE(files.size(), 2u) << "no case files under " << kTestdata;
  const bool rewrite = rewrite_mode();
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string text = read_all(file);
    const GhostCase parsed = parse_ghost_case(file.string(), text);
    ASSERT_EQ(parsed.error, "");
    const std::string actual = run_ghost_checkers(parsed.events);
    if (rewrite) {
      const auto separator = text.find("\n----\n");
      const std::string head = separator == std::string::npos ? text + (text.ends_with("\n") ? "" : "\n")
                                                              : text.substr(0, separator + 1);
      std::ofstream(file) << head << "----\n" << actual;
      continue;
    }
    EXPECT_EQ(parsed.expected, actual) << "rerun with --rewrite to update " << file;
  }
}

// Each rule has a case that fires it and a harmless neighbour that does not: the directory
// names the rule, "fires-*.txt" must report it and "quiet-*.txt" must not.
TEST(GhostTestdata, FiresAndQuietCasesSayWhatTheirNamesPromise) {
  for (const fs::path& file : case_files()) {
    const std::string name = file.stem().string();
    const std::string rule = file.parent_path().filename().string();
    const GhostCase parsed = parse_ghost_case(file.string(), read_all(file));
    ASSERT_EQ(parsed.error, "") << file;
    const std::string actual = run_ghost_checkers(parsed.events);
    const bool reported = actual.find("/" + rule + " at #") != std::string::npos;
    if (name.rfind("fires", 0) == 0) EXPECT_TRUE(reported) << file << " must report " << rule << ":\n" << actual;
    if (name.rfind("quiet", 0) == 0) EXPECT_FALSE(reported) << file << " must not report " << rule << ":\n" << actual;
  }
}

TEST(GhostTestdata, MalformedCaseFilesNameTheLine) {
  EXPECT_EQ(parse_ghost_case("x.txt", "10 n1 became_primary\n").error,
            "x.txt:1: ghost event became_primary: missing field \"epoch\"");
  EXPECT_EQ(parse_ghost_case("x.txt", "# c\n10 n1 became_primary epoch=1 extra=2\n").error,
            "x.txt:2: ghost event became_primary: extra field \"extra\"");
  EXPECT_EQ(parse_ghost_case("x.txt", "10 n1 no_such_kind a=1\n").error,
            "x.txt:1: unknown ghost event kind \"no_such_kind\"");
}

}  // namespace
}  // namespace grove::testing
