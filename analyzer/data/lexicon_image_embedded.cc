// The image of the bundled lexicons, made at build time by the
// lexicon-image tool and placed in the binary as it is (.incbin).
#include "analyzer/data/embedded.h"
// Names the image's content, so that a compiler cache sees a new image as a
// new source (it cannot see into .incbin).
#include "lexicon_image_id.h"

extern "C" const char ra_lexicon_image_begin[];
extern "C" const char ra_lexicon_image_end[];

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".global ra_lexicon_image_begin\n"
        "ra_lexicon_image_begin:\n"
        ".incbin \"" RA_LEXICON_IMAGE_PATH "\"\n"
        ".global ra_lexicon_image_end\n"
        "ra_lexicon_image_end:\n"
        ".previous\n");

namespace ra {

std::string_view EmbeddedLexiconImage() {
  static_assert(sizeof(RA_LEXICON_IMAGE_ID) > 1);
  return {ra_lexicon_image_begin, static_cast<size_t>(ra_lexicon_image_end - ra_lexicon_image_begin)};
}

}  // namespace ra
