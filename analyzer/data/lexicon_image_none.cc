// No embedded lexicon image: linked into the tool that makes the image.
#include "analyzer/data/embedded.h"

namespace ra {

std::string_view EmbeddedLexiconImage() { return {}; }

}  // namespace ra
