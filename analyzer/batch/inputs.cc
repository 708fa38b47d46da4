#include "analyzer/batch/inputs.h"

#include <algorithm>
#include <system_error>

#include "analyzer/common/hash.h"
#include "analyzer/extract/extract.h"

namespace ra {
namespace {

namespace fs = std::filesystem;

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

void Walk(const fs::path& folder, CollectedInputs& collected) {
  std::vector<InputFile>& out = collected.files;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) {
    out.push_back(InputFile{folder.string(), Error{errc::kUnreadable, "cannot read folder: " + ec.message()}, {}, {}});
    return;
  }
  std::vector<fs::directory_entry> children;
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!IsHidden(it->path())) children.push_back(*it);
  }
  if (ec) out.push_back(InputFile{folder.string(), Error{errc::kUnreadable, "folder listing failed: " + ec.message()}, {}, {}});
  std::sort(children.begin(), children.end(),
            [](const auto& a, const auto& b) { return a.path().string() < b.path().string(); });
  // A candidate folder: one resume and the candidate's projects beside it.
  std::vector<std::string> documents;
  std::vector<std::string> projects;
  for (const auto& child : children) {
    std::error_code status_ec;
    if (child.is_symlink(status_ec)) continue;
    if (child.is_regular_file(status_ec) && IsDocumentName(child.path())) documents.push_back(child.path().string());
    if (child.is_directory(status_ec) && IsProjectFolder(child.path())) projects.push_back(child.path().string());
  }
  const bool candidate_folder = documents.size() == 1 && !projects.empty();
  if (candidate_folder) {
    out.push_back(InputFile{documents.front(), std::nullopt, {}, projects});
  }
  for (const auto& child : children) {
    if (candidate_folder) {
      const std::string path = child.path().string();
      if (path == documents.front() || std::find(projects.begin(), projects.end(), path) != projects.end()) continue;
    }
    std::error_code status_ec;
    const bool is_link = child.is_symlink(status_ec);
    if (child.is_directory(status_ec)) {
      if (!is_link) Walk(child.path(), collected);
      continue;
    }
    if (child.is_regular_file(status_ec)) {
      if (IsDocumentName(child.path())) {
        out.push_back(InputFile{child.path().string(), std::nullopt, {}, {}});
      } else {
        collected.skipped.push_back(child.path().string());
      }
    } else if (is_link) {
      out.push_back(InputFile{child.path().string(), Error{errc::kFileNotFound, "broken symbolic link"}, {}, {}});
    }
  }
}

}  // namespace

std::vector<std::string> ReadPathList(std::istream& in) {
  std::vector<std::string> paths;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) paths.push_back(line);
  }
  return paths;
}

std::vector<InputFile> TakeShard(std::vector<InputFile> inputs, unsigned index, unsigned count) {
  std::vector<InputFile> share;
  for (auto& input : inputs) {
    Fnv1a64 fnv;
    fnv.Add(input.path);
    uint64_t hash = fnv.value();
    // FNV's low bits vary little between similar paths: mix before the modulus
    // (the splitmix64 finaliser).
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    if (hash % count == index) share.push_back(std::move(input));
  }
  return share;
}

bool IsProjectFolder(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path / ".git", ec)) return true;
  for (fs::directory_iterator it(path, fs::directory_options::none, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const std::string name = it->path().filename().string();
    const std::string ext = LowerExtension(it->path());
    if (ext == ".py" || ext == ".ipynb" || name == "pyproject.toml" || name == "setup.py" || name == "requirements.txt") {
      return true;
    }
  }
  return false;
}

bool IsDocumentName(const fs::path& path) {
  static const std::vector<std::string> kExtensions = {".pdf", ".txt", ".text", ".md", ".markdown", ".docx",
                                                       ".doc", ".rtf", ".odt", ".pages", ".wps"};
  const std::string ext = LowerExtension(path);
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

CollectedInputs CollectInputs(const std::vector<std::string>& arguments) {
  CollectedInputs collected;
  std::vector<InputFile>& inputs = collected.files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    const fs::file_status status = fs::status(argument, ec);
    if (fs::is_directory(status)) {
      Walk(argument, collected);
    } else if (fs::exists(status)) {
      inputs.push_back(InputFile{argument, std::nullopt, {}, {}});
    } else {
      inputs.push_back(InputFile{argument, Error{errc::kFileNotFound, "no such file or folder"}, {}, {}});
    }
  }
  return collected;
}

}  // namespace ra
