#include "analyzer/batch/isolated_extractor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace ra {
namespace {

using Json = nlohmann::json;

Json DocumentToJson(const Document& document) {
  Json links = Json::array();
  for (const Link& link : document.links) {
    links.push_back(Json{{"url", link.url}, {"page", link.page}, {"anchor", link.anchor}, {"annotation", link.annotation}});
  }
  Json hints = Json::array();
  for (const HeadingHint& hint : document.heading_hints) {
    hints.push_back(Json{{"page", hint.page}, {"text", hint.text}, {"style", hint.style}});
  }
  return Json{{"format", static_cast<int>(document.format)},
              {"pages", document.pages},
              {"links", std::move(links)},
              {"pages_without_text", document.pages_without_text},
              {"image_only_pages", document.image_only_pages},
              {"hidden_characters", document.hidden_characters},
              {"first_hidden_page", document.first_hidden_page},
              {"hidden_sample", document.hidden_sample},
              {"heading_hints", std::move(hints)},
              {"max_columns", document.max_columns},
              {"unmapped_characters", document.unmapped_characters}};
}

Document DocumentFromJson(const Json& json) {
  Document document;
  document.format = static_cast<SourceFormat>(json.at("format").get<int>());
  document.pages = json.at("pages").get<std::vector<std::string>>();
  for (const auto& link : json.at("links")) {
    document.links.push_back(Link{link.at("url"), link.at("page"), link.at("anchor"), link.at("annotation")});
  }
  document.pages_without_text = json.at("pages_without_text");
  document.image_only_pages = json.at("image_only_pages");
  document.hidden_characters = json.at("hidden_characters");
  document.first_hidden_page = json.at("first_hidden_page");
  document.hidden_sample = json.at("hidden_sample");
  for (const auto& hint : json.at("heading_hints")) {
    document.heading_hints.push_back(HeadingHint{hint.at("page"), hint.at("text"), hint.at("style")});
  }
  document.max_columns = json.at("max_columns");
  document.unmapped_characters = json.at("unmapped_characters");
  return document;
}

// Test hook: RA_WORKER_FAULT="hang:TEXT" or "crash:TEXT" makes the worker
// hang or abort on a path containing TEXT, so the tests can show that a bad
// file costs only itself. Unset in normal use.
void InjectFault(const std::string& path) {
  const char* fault = std::getenv("RA_WORKER_FAULT");
  if (fault == nullptr) return;
  const std::string spec(fault);
  const size_t colon = spec.find(':');
  if (colon == std::string::npos || path.find(spec.substr(colon + 1)) == std::string::npos) return;
  if (spec.compare(0, colon, "hang") == 0) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
  }
  if (spec.compare(0, colon, "crash") == 0) std::abort();
}

void LimitAddressSpace(std::uint64_t max_memory_mib) {
#if defined(RA_SANITIZER) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  (void)max_memory_mib;  // sanitizers reserve terabytes of address space
#else
  const rlim_t bytes = static_cast<rlim_t>(max_memory_mib) << 20;
  const struct rlimit limit{bytes, bytes};
  setrlimit(RLIMIT_AS, &limit);
#endif
}

}  // namespace

std::string DocumentToJsonLine(const Document& document) {
  return DocumentToJson(document).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Document DocumentFromJsonLine(const std::string& line) { return DocumentFromJson(Json::parse(line)); }

int RunExtractWorker(std::istream& in, std::ostream& out, const ExtractOptions& extract, std::uint64_t max_memory_mib) {
  // Ctrl-C reaches the whole process group; the parent decides what stops.
  signal(SIGINT, SIG_IGN);
  LimitAddressSpace(max_memory_mib);
  for (std::string line; std::getline(in, line);) {
    Json reply;
    try {
      const std::string path = Json::parse(line).at("path");
      InjectFault(path);
      auto document = ExtractDocument(path, extract);
      reply = document ? Json{{"ok", true}, {"document", DocumentToJson(*document)}}
                       : Json{{"ok", false}, {"code", document.error().code}, {"message", document.error().message}};
    } catch (const std::bad_alloc&) {
      reply = Json{{"ok", false}, {"code", errc::kMemoryLimit}, {"message", "extraction needed more memory than allowed"}};
    } catch (const std::exception& exception) {
      reply = Json{{"ok", false}, {"code", errc::kInternal}, {"message", exception.what()}};
    }
    out << reply.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
  }
  return 0;
}

IsolatedExtractor::IsolatedExtractor(IsolationOptions isolation, ExtractOptions extract)
    : isolation_(std::move(isolation)), extract_(extract) {}

IsolatedExtractor::~IsolatedExtractor() { Stop(false); }

bool IsolatedExtractor::Start() {
  // A worker that dies leaves a broken pipe: writing to it must fail with
  // EPIPE, not kill this process.
  static const bool sigpipe_ignored = [] {
    signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;
  int request[2];
  int reply[2];
  if (pipe2(request, O_CLOEXEC) != 0) return false;
  if (pipe2(reply, O_CLOEXEC) != 0) {
    close(request[0]);
    close(request[1]);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, request[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, reply[1], STDOUT_FILENO);
  const std::vector<std::string> arguments = {
      isolation_.executable, "__extract-worker", std::to_string(extract_.max_pages),
      std::to_string(extract_.max_file_size), std::to_string(isolation_.max_memory_mib)};
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, isolation_.executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(request[0]);
  close(reply[1]);
  if (spawned != 0) {
    close(request[1]);
    close(reply[0]);
    pid_ = -1;
    return false;
  }
  to_child_ = request[1];
  from_child_ = reply[0];
  buffer_.clear();
  return true;
}

void IsolatedExtractor::Stop(bool kill) {
  if (pid_ < 0) return;
  if (to_child_ >= 0) close(to_child_);  // end of input: the worker exits
  if (kill) ::kill(pid_, SIGKILL);
  if (from_child_ >= 0) close(from_child_);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  to_child_ = -1;
  from_child_ = -1;
  buffer_.clear();
}

Expected<std::string> IsolatedExtractor::ReadLine(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    if (const size_t newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return MakeError(errc::kTimeout, "");
    pollfd watched{from_child_, POLLIN, 0};
    const int ready = poll(&watched, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return MakeError(errc::kTimeout, "");
    char chunk[65536];
    const ssize_t got = read(from_child_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return MakeError(errc::kCrashed, "");
    buffer_.append(chunk, static_cast<size_t>(got));
  }
}

Expected<Document> IsolatedExtractor::Extract(const std::string& path) {
  if (pid_ < 0 && !Start()) return MakeError(errc::kInternal, "cannot start the extraction worker");
  const std::string request = Json{{"path", path}}.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  const auto deadline = std::chrono::steady_clock::now() + isolation_.timeout;
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t wrote = write(to_child_, request.data() + sent, request.size() - sent);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) break;
    sent += static_cast<size_t>(wrote);
  }
  auto line = sent == request.size() ? ReadLine(deadline) : Expected<std::string>(MakeError(errc::kCrashed, ""));
  if (!line) {
    const bool timed_out = line.error().code == errc::kTimeout;
    Stop(true);
    if (timed_out) {
      return MakeError(errc::kTimeout, "extraction took longer than " +
                                           std::to_string(isolation_.timeout.count()) + " ms; the file was skipped");
    }
    return MakeError(errc::kCrashed, "the PDF library crashed or ran out of memory on this file (worker process ended)");
  }
  try {
    const Json reply = Json::parse(*line);
    if (reply.at("ok").get<bool>()) return DocumentFromJson(reply.at("document"));
    return MakeError(reply.at("code").get<std::string>(), reply.at("message").get<std::string>());
  } catch (const std::exception& exception) {
    Stop(true);
    return MakeError(errc::kInternal, std::string("unreadable reply from the extraction worker: ") + exception.what());
  }
}

}  // namespace ra
