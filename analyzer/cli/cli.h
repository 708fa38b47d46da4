#pragma once
// The command line: parses options in two steps (validate what the user
// typed, then build what the run needs) and runs one command.
//
// Exit codes: 0 every file analysed; 1 at least one file failed (the others
// are still in the output); 2 bad usage or bad lexicon/rule data.

#include <iosfwd>
#include <string>
#include <vector>

namespace ra {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFileFailed = 1;
inline constexpr int kExitUsage = 2;

// `arguments` excludes the program name. `stdout_is_tty` decides colour and
// width defaults for the text report.
int RunCli(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err, bool stdout_is_tty);

}  // namespace ra
