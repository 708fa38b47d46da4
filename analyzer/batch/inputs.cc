#include "analyzer/batch/inputs.h"

#include <algorithm>
#include <system_error>

namespace ra {
namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

void Walk(const fs::path& folder, std::vector<InputFile>& out) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) {
    out.push_back(InputFile{folder.string(), Error{errc::kUnreadable, "cannot read folder: " + ec.message()}});
    return;
  }
  std::vector<fs::directory_entry> children;
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!IsHidden(it->path())) children.push_back(*it);
  }
  if (ec) out.push_back(InputFile{folder.string(), Error{errc::kUnreadable, "folder listing failed: " + ec.message()}});
  std::sort(children.begin(), children.end(),
            [](const auto& a, const auto& b) { return a.path().string() < b.path().string(); });
  for (const auto& child : children) {
    std::error_code status_ec;
    const bool is_link = child.is_symlink(status_ec);
    if (child.is_directory(status_ec)) {
      if (!is_link) Walk(child.path(), out);
      continue;
    }
    if (child.is_regular_file(status_ec)) {
      out.push_back(InputFile{child.path().string(), std::nullopt});
    } else if (is_link) {
      out.push_back(InputFile{child.path().string(), Error{errc::kFileNotFound, "broken symbolic link"}});
    }
  }
}

}  // namespace

std::vector<InputFile> CollectInputs(const std::vector<std::string>& arguments) {
  std::vector<InputFile> inputs;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    const fs::file_status status = fs::status(argument, ec);
    if (fs::is_directory(status)) {
      Walk(argument, inputs);
    } else if (fs::exists(status)) {
      inputs.push_back(InputFile{argument, std::nullopt});
    } else {
      inputs.push_back(InputFile{argument, Error{errc::kFileNotFound, "no such file or folder"}});
    }
  }
  return inputs;
}

}  // namespace ra
