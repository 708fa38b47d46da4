// The Git history of a project through libgit2: commits, authors, the
// candidate's share and the period of activity. Reads the object database
// only; nothing is fetched.

#include <git2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "analyzer/portfolio/project.h"

namespace ra {
namespace {

// Commits read at most: enough for any personal project, bounded for huge ones.
constexpr int kMaxCommits = 200000;

// libgit2 needs one process-wide initialisation; it is never shut down
// because results may be read by any thread until exit.
void InitLibgit2Once() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string LastGitError(const char* what) {
  const git_error* error = git_error_last();
  return std::string(what) + ": " + (error != nullptr && error->message != nullptr ? error->message : "unknown error");
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* object) const { Free(object); }
};
using RepositoryPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using RemotePtr = std::unique_ptr<git_remote, GitDeleter<git_remote, git_remote_free>>;

struct Author {
  std::string email;
  std::string name;
  int commits = 0;
  std::int64_t first = 0;
  std::int64_t last = 0;
};

}  // namespace

tl::expected<std::optional<GitHistory>, std::string> ReadGitHistory(const std::filesystem::path& root,
                                                                     const CandidateIdentity& candidate) {
  std::error_code ec;
  if (!std::filesystem::exists(root / ".git", ec)) return std::optional<GitHistory>();
  InitLibgit2Once();
  git_repository* raw_repository = nullptr;
  // NO_SEARCH: a project folder inside another repository is not that repository.
  if (git_repository_open_ext(&raw_repository, root.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return tl::unexpected(LastGitError("not a readable Git repository"));
  }
  RepositoryPtr repository(raw_repository);
  GitHistory history;
  git_remote* raw_remote = nullptr;
  if (git_remote_lookup(&raw_remote, repository.get(), "origin") == 0) {
    RemotePtr remote(raw_remote);
    if (const char* url = git_remote_url(remote.get())) history.remote_url = url;
  }
  if (git_repository_head_unborn(repository.get()) == 1) return std::optional<GitHistory>(history);
  git_revwalk* raw_walk = nullptr;
  if (git_revwalk_new(&raw_walk, repository.get()) != 0) return tl::unexpected(LastGitError("cannot walk the history"));
  RevwalkPtr walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
  if (git_revwalk_push_head(walk.get()) != 0) return tl::unexpected(LastGitError("cannot read HEAD"));

  std::map<std::string, Author> authors;  // by lower-case email (or name when there is none)
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    if (history.commits == kMaxCommits) {
      history.truncated = true;
      break;
    }
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, repository.get(), &oid) != 0) return tl::unexpected(LastGitError("cannot read a commit"));
    CommitPtr commit(raw_commit);
    const git_signature* signature = git_commit_author(commit.get());
    const std::string email = signature != nullptr && signature->email != nullptr ? Lower(signature->email) : "";
    const std::string name = signature != nullptr && signature->name != nullptr ? signature->name : "";
    const std::int64_t when = signature != nullptr ? signature->when.time : git_commit_time(commit.get());
    Author& author = authors[email.empty() ? Lower(name) : email];
    author.email = email;
    author.name = name;
    author.first = author.commits == 0 ? when : std::min(author.first, when);
    author.last = author.commits == 0 ? when : std::max(author.last, when);
    ++author.commits;
    history.first_commit = history.commits == 0 ? when : std::min(history.first_commit, when);
    history.last_commit = history.commits == 0 ? when : std::max(history.last_commit, when);
    ++history.commits;
  }
  history.authors = static_cast<int>(authors.size());

  // The candidate: an author with the resume's email or name, else the most
  // frequent author (a personal project is mostly its owner's work).
  std::vector<const Author*> matched;
  const std::string candidate_name = Lower(candidate.name);
  for (const auto& [key, author] : authors) {
    const bool by_email = std::find(candidate.emails.begin(), candidate.emails.end(), author.email) != candidate.emails.end();
    const bool by_name = !candidate_name.empty() && Lower(author.name) == candidate_name;
    if (by_email || by_name) matched.push_back(&author);
  }
  if (!matched.empty()) {
    history.candidate_matched = true;
  } else {
    const Author* most = nullptr;
    for (const auto& [key, author] : authors) {
      if (most == nullptr || author.commits > most->commits) most = &author;
    }
    if (most != nullptr) matched.push_back(most);
  }
  for (const Author* author : matched) {
    if (history.candidate.empty()) history.candidate = author->email.empty() ? author->name : author->email;
    history.candidate_first = history.candidate_commits == 0 ? author->first : std::min(history.candidate_first, author->first);
    history.candidate_last = history.candidate_commits == 0 ? author->last : std::max(history.candidate_last, author->last);
    history.candidate_commits += author->commits;
  }
  return std::optional<GitHistory>(history);
}

}  // namespace ra
