#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "analyzer/cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  return ra::RunCli(arguments, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
}
