// The German word list (SCOUTMATCH_GERMAN_WORDLIST, default /usr/share/dict/ngerman from
// Debian's wngerman) embedded into the binary with the assembler's .incbin, so that the
// library needs no file at run time. CMake sets SCOUTMATCH_GERMAN_WORDLIST_PATH for this
// file and lists the word list in its OBJECT_DEPENDS, so editing the list rebuilds it.
// The list is parsed lazily, once per process, by Lexicon::german() (decompound.cpp).

#include "scoutmatch/text/stages.hpp"

#ifndef SCOUTMATCH_GERMAN_WORDLIST_PATH
#error "SCOUTMATCH_GERMAN_WORDLIST_PATH must name the German word list (set by CMake)"
#endif

// .incbin works with GNU as (Linux ELF). The symbols are local to this translation unit
// apart from the two hidden globals used below; a terminating NUL is appended for safety.
asm(".pushsection .rodata\n"
    ".balign 16\n"
    ".globl scoutmatch_german_wordlist_begin\n"
    ".hidden scoutmatch_german_wordlist_begin\n"
    "scoutmatch_german_wordlist_begin:\n"
    ".incbin \"" SCOUTMATCH_GERMAN_WORDLIST_PATH
    "\"\n"
    ".globl scoutmatch_german_wordlist_end\n"
    ".hidden scoutmatch_german_wordlist_end\n"
    "scoutmatch_german_wordlist_end:\n"
    ".byte 0\n"
    ".popsection\n");

extern "C" {
extern const char scoutmatch_german_wordlist_begin[];
extern const char scoutmatch_german_wordlist_end[];
}

namespace scoutmatch::text {

std::string_view embedded_german_wordlist() noexcept {
  return {
      scoutmatch_german_wordlist_begin,
      static_cast<std::size_t>(scoutmatch_german_wordlist_end - scoutmatch_german_wordlist_begin)};
}

}  // namespace scoutmatch::text
