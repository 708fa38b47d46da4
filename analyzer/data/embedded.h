#pragma once
// The lexicons and rules bundled into the binary at build time
// (cmake/EmbedData.cmake), keyed by their path in the source tree.

#include <string>
#include <string_view>
#include <vector>

namespace ra {

struct EmbeddedFile {
  std::string path;          // e.g. "lexicons/credentials.toml"
  std::string_view content;  // static storage
};

const std::vector<EmbeddedFile>& EmbeddedDataFiles();

// The bundled lexicons compiled at build time (match/lexicon_image.h), or
// empty in the tool that makes it (cli/lexicon_image_main.cc).
std::string_view EmbeddedLexiconImage();

}  // namespace ra
