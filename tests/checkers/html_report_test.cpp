#include "checkers/html_report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "checkers/model_registry.h"
#include "tests/checkers/history_builder.h"

namespace grove::checkers {
namespace {

using testing::history_of;
using testing::op;

struct Rendered {
  traces::History history;
  LinearizabilityResult result;
  std::string html;
};

Rendered failing_report() {
  Rendered rendered;
  rendered.history = history_of(
      "register", {op(0, "write", "", {"1"}, "", 0, 10), op(1, "write", "", {"2"}, std::nullopt, 5, 8),
                   op(2, "read", "", {}, "1", 12, 20), op(0, "read", "", {}, "3", 25, 30)});
  rendered.result = check_linearizability(rendered.history, *find_model("register"));
  ReportOptions options;
  options.title = "report <test>";
  rendered.html = render_html_report(rendered.history, rendered.result, options);
  return rendered;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

TEST(HtmlReport, IsSelfContainedAndDrawsEveryOperation) {
  const Rendered rendered = failing_report();
  ASSERT_EQ(rendered.result.verdict, Verdict::kNotLinearizable);
  const std::string& html = rendered.html;
  EXPECT_EQ(count(html, "<rect class=\"op"), 4u);
  EXPECT_EQ(count(html, "class=\"op unknown"), 1u);  // the open-ended crashed write
  EXPECT_EQ(count(html, "id=\"failing-window\""), 1u);
  EXPECT_EQ(count(html, " failing\""), 1u);
  EXPECT_NE(html.find("report &lt;test&gt;"), std::string::npos);  // escaped
  EXPECT_NE(html.find("not linearizable"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no fetches
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(HtmlReport, TextIsCutOnCharacterBoundariesAndInvalidBytesBecomeReplacementCharacters) {
  // "é" is two bytes: a cut after 3 bytes of "aéé" keeps "aé", never half a character.
  EXPECT_EQ(utf8_prefix("a\xC3\xA9\xC3\xA9", 3), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix("a\xC3\xA9\xC3\xA9", 4), "a\xC3\xA9");
  EXPECT_EQ(utf8_prefix("\xF0\x9F\x98\x80x", 2), "");  // a 4-byte emoji does not fit
  EXPECT_EQ(escape_html("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(escape_html("bad \xFF\xC3"), "bad \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(escape_html("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST(HtmlReport, RendersInHeadlessChromium) {
  const char* chromium = "/usr/bin/chromium";
  if (!std::filesystem::exists(chromium)) GTEST_SKIP() << "chromium is not installed";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("grove_report_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path page = dir / "report.html";
  {
    std::ofstream out(page);
    out << failing_report().html;
  }
  const std::string command =
      std::string("timeout 120 ") + chromium +
      " --headless --no-sandbox --disable-gpu --disable-background-networking"
      " --disable-component-update --disable-sync --no-first-run --user-data-dir=" +
      (dir / "profile").string() + " --dump-dom file://" + page.string() + " 2>/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string dom;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) dom.append(buffer, got);
  const int status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(status, 0) << dom.substr(0, 500);
  // The browser parsed the SVG into the DOM: every bar, the window and the explanation.
  EXPECT_EQ(count(dom, "<rect class=\"op"), 4u) << dom.substr(0, 2000);
  EXPECT_EQ(count(dom, "id=\"failing-window\""), 1u);
  EXPECT_NE(dom.find("id=\"explanation\""), std::string::npos);
  EXPECT_NE(dom.find("Smallest window"), std::string::npos);
}

}  // namespace
}  // namespace grove::checkers
