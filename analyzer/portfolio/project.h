#pragma once
// Portfolio stage: what a candidate's own project shows, measured from its
// files and Git history. ScanProject walks one folder within limits and
// returns a ProjectFacts value; nothing is fetched from the network.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/error.h"
#include "analyzer/extract/document.h"
#include "analyzer/portfolio/portfolio_rules.h"
#include "analyzer/text/structure.h"

namespace ra {

// Who the candidate is in a Git history: the resume's email addresses and
// name; when none matches, the most frequent author stands for them.
struct CandidateIdentity {
  std::vector<std::string> emails;  // lower case
  std::string name;
};

struct LanguageBytes {
  std::string name;
  std::uint64_t bytes = 0;
  int files = 0;
};

// A declared dependency (requirements*.txt, pyproject.toml, setup.cfg,
// environment.yml, Pipfile).
struct Dependency {
  std::string name;  // as written
  bool pinned = false;  // an exact version (==, a conda `=`), or a lock file beside it
  std::string file;
};

// A lexicon skill the project's code shows (a framework, a library).
struct PackageUse {
  std::string skill;   // lexicon id
  std::string module;  // the import or distribution name that showed it
  std::string file;    // where first seen
  bool imported = false;  // imported in code (true) or only declared (false)
  // Code that uses it: bytes of the Python files and notebook cells that
  // import it (the test files for a test framework they need not import),
  // or for a package only declared, all of the project's code.
  std::uint64_t code_bytes = 0;
};

// A production habit or piece of documentation found (rules: [[signal]]).
struct FoundSignal {
  std::string id;
  std::string file;    // the file that shows it ("" for computed measures)
  std::string detail;  // e.g. "12 of 15 functions annotated"
  std::vector<std::string> skills;  // extra skills from the detector
};

struct GitHistory {
  int commits = 0;
  int candidate_commits = 0;
  int authors = 0;
  std::string candidate;  // the author taken for the candidate (email, or name)
  bool candidate_matched = false;  // identified from the resume (not the most frequent author)
  std::int64_t first_commit = 0;   // seconds since the epoch
  std::int64_t last_commit = 0;
  std::int64_t candidate_first = 0;
  std::int64_t candidate_last = 0;
  int months_since_last = 0;  // from the candidate's last commit to the as-of month
  std::string remote_url;  // "origin", when set
  bool truncated = false;  // stopped at the commit limit
};

// What a portfolio page (HTML or Markdown) names, read like a resume.
struct PageSkill {
  std::string skill;  // lexicon id
  std::string quote;  // as written on the page
};

struct PageLink {
  std::string url;
  std::string kind;  // classified by the link lexicon
};

struct ProjectAdvice {
  std::string signal;
  std::string requirement;  // the requirement it raises most ("" when no gain)
  std::string text;
  double gain = 0;
};

struct ProjectFacts {
  std::string kind = "project";  // "project" (a folder) or "page" (a saved portfolio page)
  std::string name;  // the folder's name
  std::string path;  // as given (or found under a given folder)
  std::vector<std::string> errors;  // one line each: "path: reason"
  bool truncated = false;           // a limit was reached; the measures cover what was read
  bool missing = false;             // the path does not exist or is not a folder

  int files = 0;                    // regular files looked at
  std::uint64_t bytes_read = 0;
  int skipped_binary = 0;
  int skipped_large = 0;
  int skipped_symlinks = 0;
  int skipped_folders = 0;          // vendored, environments, builds, VCS

  std::vector<LanguageBytes> languages;  // by bytes, largest first
  int python_modules = 0;                // .py files
  int notebooks = 0;                     // .ipynb files
  std::uint64_t module_code_bytes = 0;   // code in .py files
  std::uint64_t notebook_code_bytes = 0; // code in notebook code cells
  std::vector<std::string> imports;      // top-level modules imported, sorted
  std::vector<Dependency> dependencies;
  std::vector<PackageUse> packages;      // one per skill, imported first

  int test_files = 0;
  std::string test_framework;  // pytest, unittest or "" (none found)
  int modules_total = 0;       // non-test modules that tests could exercise
  int modules_tested = 0;      // of those, imported by some test
  int functions = 0;
  int typed_functions = 0;     // with a return or parameter annotation

  std::string readme;  // its file name, "" when none
  std::vector<FoundSignal> signals;
  std::optional<GitHistory> git;
  std::vector<ProjectAdvice> advice;  // ranked by gain (set by the scorer)
  std::vector<PageSkill> page_skills;  // pages only: skills named, each once
  std::vector<PageLink> page_links;    // pages only: links found

  bool has_code() const { return python_modules + notebooks > 0 || !languages.empty(); }
  bool Has(const std::string& signal) const;
  const FoundSignal* Find(const std::string& signal) const;
  // Share of Python code in notebooks (0 when there is none).
  double notebook_share() const;
  double pinned_share() const;
};

// Folders to analyse as projects: PATH itself when it is a Git repository
// or holds files, otherwise each folder directly under it (a folder of
// clones). A missing PATH gives a project holding only its error.
std::vector<std::filesystem::path> ProjectRoots(const std::filesystem::path& path);

// Walks `root` within rules.limits (never following symlinks, skipping
// vendored and environment folders and binary files) and measures it.
ProjectFacts ScanProject(const PortfolioRules& rules, const std::filesystem::path& root,
                         const CandidateIdentity& candidate, MonthIndex as_of);

// The month of a time in seconds since the epoch (UTC).
MonthIndex MonthOfTime(std::int64_t seconds);

// True for a saved portfolio page: .html, .htm, .md, .markdown.
bool IsPortfolioPage(const std::filesystem::path& path);
// A page as a Document for the resume's text pipeline: HTML through libxml2
// (no network, no error output; scripts and styles left out, <a href> kept
// as links), Markdown through the text loader.
Expected<Document> ReadPortfolioPage(const std::filesystem::path& path, std::uint64_t max_bytes);

// --- helpers exposed for tests (python_imports.cc, git_history.cc) ---

// Dotted module names imported by Python source (`import a.b`, `from a.b
// import c` gives "a.b" and "a.b.c"); relative imports are left out.
std::vector<std::string> PythonImports(const std::string& source);
// Functions defined in Python source and how many carry annotations.
std::pair<int, int> CountTypedFunctions(const std::string& source);
// The code cells of a notebook joined, or an error.
tl::expected<std::string, std::string> NotebookCode(const std::string& json);
// Dependencies declared in one file, by its name (requirements*.txt,
// pyproject.toml, setup.cfg, environment.yml, Pipfile); an error for a file
// that does not parse.
tl::expected<std::vector<Dependency>, std::string> ParseDependencies(const std::string& file_name,
                                                                     const std::string& content);
// The Git history of `root` (no search in parent folders), or nullopt when
// it is not a repository; a broken repository gives an error.
tl::expected<std::optional<GitHistory>, std::string> ReadGitHistory(const std::filesystem::path& root,
                                                                     const CandidateIdentity& candidate);

}  // namespace ra
