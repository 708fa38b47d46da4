#pragma once
// Turns the paths a user gives into the ordered list of files to analyse:
// arguments in the order given, files under a folder in path order. Nothing
// is dropped silently: a missing path or an unreadable folder becomes an
// input that carries its error.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/error.h"

namespace ra {

struct InputFile {
  std::string path;            // as it will appear in the output
  std::optional<Error> error;  // set when the path cannot be analysed at all
};

// Hidden files and folders (names starting with '.') are skipped; symlinked
// folders are not followed (no loops), symlinked files are.
std::vector<InputFile> CollectInputs(const std::vector<std::string>& arguments);

}  // namespace ra
