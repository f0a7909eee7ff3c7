// A run's report tells the story of its failure: the violations first, never a green badge on a
// failed run, the message-sequence chart, valid UTF-8; and it renders in headless Chromium
// (skipped without it) with the violation text on the page, no script errors, and a screenshot.
#include "scenarios/run_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "scenarios/scenario_json.h"

namespace grove::scenarios {
namespace {

struct ReportedRun {
  RunResult result;
  std::string html;
};

// The first failing seed among 1..within of `scenario` (with `bug` planted, if any), reported.
ReportedRun first_failure(const std::string& scenario_name, std::optional<env::Bug> bug,
                          std::uint64_t within) {
  const ScenarioLoad load = load_scenario(scenario_name);
  EXPECT_TRUE(load.ok()) << load.error;
  for (std::uint64_t seed = 1; seed <= within; ++seed) {
    traces::RunDigest digest;
    RunRequest request;
    request.seed = seed;
    if (bug) request.bugs.enable(*bug);
    request.observer = [&digest](const traces::TraceEvent& event) { digest.observe(event); };
    RunResult result = run_scenario(*load.scenario, request);
    if (result.verdict() != RunVerdict::kFail) continue;
    std::string html = render_run_report(result, digest);
    return {std::move(result), std::move(html)};
  }
  ADD_FAILURE() << scenario_name << ": no failing seed within " << within << " seeds";
  return {};
}

bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

void expect_failure_story(const ReportedRun& run, const std::string& rule) {
  const std::string& html = run.html;
  ASSERT_FALSE(html.empty());
  EXPECT_NE(html.find("FAILED"), std::string::npos);
  EXPECT_NE(html.find("id=\"violations\""), std::string::npos);
  EXPECT_NE(html.find(rule), std::string::npos) << "the violation's rule is on the page";
  EXPECT_LT(html.find("id=\"violations\""), html.find("id=\"msc\"")) << "violations come first";
  EXPECT_EQ(html.find("verdict ok"), std::string::npos) << "a green badge on a failed run";
  EXPECT_EQ(html.find("banner passed"), std::string::npos);
  EXPECT_NE(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"msc\""), std::string::npos);
  EXPECT_NE(html.find("class=\"msg"), std::string::npos) << "messages drawn";
  EXPECT_TRUE(valid_utf8(html));
  EXPECT_EQ(html.find("https://"), std::string::npos) << "self-contained";
}

TEST(RunReport, ALeaseFailureLeadsWithItsViolationsAndHasNoGreenBadge) {
  const ReportedRun run = first_failure("clock-unsafe", std::nullopt, 30);
  expect_failure_story(run, "config-write-during-lease");
  // The violating protocol event is highlighted in the chart.
  EXPECT_NE(run.html.find("id=\"violating-event\""), std::string::npos);
  EXPECT_NE(run.html.find("id=\"violation-line\""), std::string::npos);
}

TEST(RunReport, ABankFailureShowsTheBanksViolationAndItsOwnHistory) {
  const ReportedRun run = first_failure("bank", env::Bug::A5, 10);
  expect_failure_story(run, "audit-total");
  EXPECT_NE(run.html.find("Client history (bank)"), std::string::npos);
}

TEST(RunReport, APassingRunSaysSo) {
  const ScenarioLoad load = load_scenario("vkv");
  ASSERT_TRUE(load.ok());
  traces::RunDigest digest;
  RunRequest request;
  request.seed = 3;
  request.observer = [&digest](const traces::TraceEvent& event) { digest.observe(event); };
  const RunResult result = run_scenario(*load.scenario, request);
  ASSERT_TRUE(result.passed());
  const std::string html = render_run_report(result, digest);
  EXPECT_NE(html.find("banner passed"), std::string::npos);
  EXPECT_EQ(html.find("FAILED"), std::string::npos);
  EXPECT_EQ(digest.events(), result.events);  // the digest saw every trace event
}

// Renders `html` in headless Chromium: the DOM after scripts ran, console output, a screenshot.
struct Rendered {
  int dom_status = -1;
  std::string dom;
  std::string console;
  std::uintmax_t screenshot_bytes = 0;
};

std::string read_all(std::FILE* pipe) {
  std::string out;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  return out;
}

Rendered render_in_chromium(const std::string& html, const std::string& name) {
  Rendered rendered;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("grove_run_report_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path page = dir / "report.html";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
  }
  const std::string browser =
      "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu "
      "--disable-background-networking --disable-component-update --disable-sync --no-first-run "
      "--window-size=1500,1200 --user-data-dir=" + (dir / "profile").string();
  std::FILE* pipe = ::popen((browser + " --enable-logging=stderr --v=0 --dump-dom file://" +
                             page.string() + " 2>" + (dir / "console.txt").string())
                                .c_str(),
                            "r");
  if (pipe != nullptr) {
    rendered.dom = read_all(pipe);
    rendered.dom_status = ::pclose(pipe);
  }
  {
    std::ifstream console(dir / "console.txt");
    rendered.console.assign(std::istreambuf_iterator<char>(console), std::istreambuf_iterator<char>());
  }
  const std::filesystem::path shot = dir / "screenshot.png";
  const std::string screenshot =
      browser + " --screenshot=" + shot.string() + " file://" + page.string() + " >/dev/null 2>&1";
  if (std::system(screenshot.c_str()) == 0 && std::filesystem::exists(shot)) {
    rendered.screenshot_bytes = std::filesystem::file_size(shot);
  }
  std::filesystem::remove_all(dir);
  return rendered;
}

TEST(RunReport, RendersInHeadlessChromiumWithTheViolationInView) {
  if (!std::filesystem::exists("/usr/bin/chromium")) GTEST_SKIP() << "chromium is not installed";
  const ReportedRun runs[] = {first_failure("clock-unsafe", std::nullopt, 30),
                              first_failure("bank", env::Bug::A5, 10)};
  const char* rules[] = {"config-write-during-lease", "audit-total"};
  for (int i = 0; i < 2; ++i) {
    const Rendered rendered = render_in_chromium(runs[i].html, std::to_string(i));
    ASSERT_EQ(rendered.dom_status, 0) << rendered.console.substr(0, 500);
    EXPECT_NE(rendered.dom.find(rules[i]), std::string::npos) << "violation text on the page";
    EXPECT_NE(rendered.dom.find("id=\"msc\""), std::string::npos) << "the chart is in the DOM";
    EXPECT_EQ(rendered.dom.find("verdict ok"), std::string::npos);
    // The zoom script ran at load (it scrolls the violation into view, then marks the chart)
    // and nothing threw.
    EXPECT_NE(rendered.dom.find("data-shown=\"yes\""), std::string::npos);
    EXPECT_EQ(rendered.console.find("Uncaught"), std::string::npos) << rendered.console;
    EXPECT_GT(rendered.screenshot_bytes, 10'000u) << "a screenshot was taken";
  }
}

}  // namespace
}  // namespace grove::scenarios
