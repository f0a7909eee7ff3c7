// Linearizability checker benchmarks: every Porcupine conformance file (parse + check), the
// whole set in one go, and a generated 1,000,000-op key-value history (1,000 keys, 16
// clients, some unknown outcomes).
//
//   checker_bench [benchmark flags]
//   checker_bench --write-kv-history=FILE [--ops=N]   writes the generated history (grovesim
//                                                     JSON) for `grovesim check` and exits
// The Porcupine data is tests/data/porcupine of the repository ($GROVE_PORCUPINE_DIR overrides).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench/porcupine_reference.h"
#include "checkers/linearizability.h"
#include "checkers/model_registry.h"
#include "traces/history_format.h"
#include "traces/history_json.h"

namespace {

using namespace grove;

std::filesystem::path porcupine_dir() {
  if (const char* dir = std::getenv("GROVE_PORCUPINE_DIR")) return dir;
  return std::filesystem::path(GROVE_SOURCE_DIR) / "tests" / "data" / "porcupine";
}

struct DataFile {
  std::string name;
  std::string text;
};

std::vector<DataFile> porcupine_files() {
  std::vector<DataFile> files;
  const std::filesystem::path root = porcupine_dir();
  for (const char* folder : {"jepsen", "kv"}) {
    std::vector<std::filesystem::path> paths;
    if (!std::filesystem::exists(root / folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension == ".log" || extension == ".txt") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      std::string text;
      std::string error;
      if (traces::read_file(path.string(), &text, &error)) {
        files.push_back({std::string(folder) + "/" + path.filename().string(), std::move(text)});
      }
    }
  }
  return files;
}

// Parses and checks; `explain`: also compute the explanation of a violation (Porcupine's
// timings are for the verdict alone).
checkers::Verdict parse_and_check(const std::string& text, bool explain) {
  const traces::HistoryResult parsed = traces::parse_history(text, std::nullopt);
  if (!parsed.ok()) return checkers::Verdict::kInconclusive;
  const std::string model = parsed.history->model.empty() ? "kv" : parsed.history->model;
  checkers::LinearizabilityOptions options;
  options.explain = explain;
  return checkers::check_linearizability(*parsed.history, *checkers::find_model(model), options)
      .verdict;
}

// A random sequential execution of `count` kv ops by 16 clients over 1,000 keys, each op
// stretched around its linearization point without overlapping its client's other ops; about
// 1% of outcomes are unknown (half of those never took effect, half never returned).
traces::History generate_kv_history(std::size_t count, std::uint64_t seed) {
  constexpr int kClients = 16;
  constexpr int kKeys = 1000;
  std::mt19937_64 random(seed);
  auto uniform = [&random](std::uint64_t n) { return random() % n; };
  std::vector<std::string> store(kKeys);
  std::vector<std::int64_t> client_free(kClients, 0);
  traces::History history;
  history.model = "kv";
  history.operations.reserve(count);
  std::int64_t point = 0;
  while (history.operations.size() < count) {
    point += 1 + static_cast<std::int64_t>(uniform(10));
    const int client = static_cast<int>(uniform(kClients));
    if (client_free[client] >= point) continue;  // still busy: another client's turn
    traces::Operation op;
    op.client = static_cast<std::uint64_t>(client);
    const int key = static_cast<int>(uniform(kKeys));
    op.key = "k" + std::to_string(key);
    std::string& value = store[key];
    const std::uint64_t kind = uniform(100);
    bool takes_effect = true;
    if (kind < 50) {
      op.name = "get";
      op.output = value;
    } else if (kind < 80) {
      op.name = "put";
      op.input = {"v" + std::to_string(uniform(1000))};
      op.output = "";
    } else if (kind < 85) {
      op.name = "append";
      op.input = {std::to_string(uniform(10))};
      op.output = "";
    } else {
      op.name = "cond-put";
      const bool match = uniform(2) == 0;
      op.input = {match ? value : "v" + std::to_string(uniform(1000)),
                  "v" + std::to_string(uniform(1000))};
      op.output = op.input[0] == value ? "ok" : "";
    }
    op.invoke_ns = std::max(client_free[client] + 1, point - static_cast<std::int64_t>(uniform(200)));
    op.return_ns = point + static_cast<std::int64_t>(uniform(200));
    const std::uint64_t fate = uniform(200);
    if (op.name != "get" && fate < 1) {
      takes_effect = false;  // crashed before it took effect
      op.output.reset();
    } else if (op.name != "get" && fate < 2) {
      op.output.reset();  // took effect, the client never heard
      op.return_ns = traces::kNoReturn;
    }
    if (takes_effect) {
      if (op.name == "put") value = op.input[0];
      if (op.name == "append") value += op.input[0];
      if (op.name == "cond-put" && op.input[0] == value) value = op.input[1];
    }
    client_free[client] = op.return_ns == traces::kNoReturn ? point + 200 : op.return_ns;
    history.operations.push_back(std::move(op));
  }
  return history;
}

// Wall time of one call, for the comparison with Porcupine's figure.
template <typename Body>
double timed_ms(Body body) {
  const auto start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// "porcupine_ms" and "speedup" (Porcupine's time / ours, parsing included: above 1 is faster)
// where bench/porcupine_reference.h has a figure.
void compare_with_porcupine(benchmark::State& state, double porcupine, double total_ms) {
  if (porcupine <= 0 || state.iterations() == 0) return;
  const double ours = total_ms / static_cast<double>(state.iterations());
  state.counters["porcupine_ms"] = porcupine;
  state.counters["speedup"] = porcupine / ours;
}

void BM_PorcupineFile(benchmark::State& state, const DataFile* file, bool explain) {
  double total_ms = 0;
  for (auto _ : state) {
    total_ms += timed_ms([&] { benchmark::DoNotOptimize(parse_and_check(file->text, explain)); });
  }
  if (!explain) compare_with_porcupine(state, bench::porcupine_ms(file->name), total_ms);
}

void BM_PorcupineWholeSet(benchmark::State& state, const std::vector<DataFile>* files,
                          bool explain) {
  double total_ms = 0;
  for (auto _ : state) {
    total_ms += timed_ms([&] {
      for (const DataFile& file : *files) {
        benchmark::DoNotOptimize(parse_and_check(file.text, explain));
      }
    });
  }
  state.counters["files"] = static_cast<double>(files->size());
  if (!explain) compare_with_porcupine(state, bench::kPorcupineWholeSetMs, total_ms);
}

void BM_KvMillionCheck(benchmark::State& state) {
  static const traces::History history = generate_kv_history(1'000'000, 42);
  checkers::LinearizabilityResult result;
  for (auto _ : state) {
    result = checkers::check_linearizability(history, *checkers::find_model("kv"));
  }
  state.counters["linearizable"] = result.verdict == checkers::Verdict::kLinearizable ? 1 : 0;
  state.counters["partitions"] = static_cast<double>(result.partitions);
  state.counters["configurations"] = static_cast<double>(result.configurations);
}

void BM_KvMillionParse(benchmark::State& state) {
  static const std::string text = traces::history_to_json(generate_kv_history(1'000'000, 42));
  for (auto _ : state) {
    const traces::HistoryResult parsed = traces::parse_history(text, std::nullopt);
    benchmark::DoNotOptimize(parsed.history->operations.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--ops=", 6) == 0) count = std::strtoull(argv[i] + 6, nullptr, 10);
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--write-kv-history=", 19) == 0) {
      std::ofstream out(argv[i] + 19, std::ios::binary);
      traces::write_history_json(generate_kv_history(count, 42), out);
      return out ? 0 : 1;
    }
  }
  static const std::vector<DataFile> files = porcupine_files();
  if (files.empty()) {
    std::fprintf(stderr, "checker_bench: no Porcupine files in %s (set GROVE_PORCUPINE_DIR)\n",
                 porcupine_dir().string().c_str());
    return 2;
  }
  for (const bool explain : {false, true}) {
    const std::string suffix = explain ? "/explained" : "/verdict";
    for (const DataFile& file : files) {
      benchmark::RegisterBenchmark(("BM_PorcupineFile/" + file.name + suffix).c_str(),
                                   BM_PorcupineFile, &file, explain)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark(("BM_PorcupineWholeSet" + suffix).c_str(), BM_PorcupineWholeSet,
                                 &files, explain)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_KvMillionCheck", BM_KvMillionCheck)
      ->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::RegisterBenchmark("BM_KvMillionParse", BM_KvMillionParse)
      ->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
