// Runs the grovesim binary and captures its exit code, standard output and standard error.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace grove::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline std::filesystem::path scratch_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("grovesim-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// `arguments` is appended to the binary's path as shell words (the tests control them).
inline CommandResult grovesim(const std::string& arguments) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string stem = "grovesim-cli-" + std::to_string(::getpid());
  const std::filesystem::path out = dir / (stem + ".out"), err = dir / (stem + ".err");
  const std::string command = std::string(GROVESIM_BINARY) + " " + arguments + " >" +
                              out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

}  // namespace grove::testing
