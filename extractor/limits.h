/* limits.h: every ceiling in one place, each with its reason. */
#ifndef ZHX_LIMITS_H
#define ZHX_LIMITS_H

/* 64 MB: news articles are rarely over 100 KB; one bad file must not eat the
 * machine, and offsets in the map fit in 32 bits with room to spare. */
#define ZHX_MAX_DOC_BYTES (64u * 1024u * 1024u)

/* 4 MB: a rule file or lexicon is written by people; anything bigger is a mistake. */
#define ZHX_MAX_RULE_FILE_BYTES (4u * 1024u * 1024u)

/* PCRE2's compiled-pattern cap is near 64 K code units; a lexicon bigger than this
 * must be split (docs/DESIGN.md). Checked when the lexicon is compiled to a regex. */
#define ZHX_MAX_LEXICON_ENTRIES 20000
/* Characters per class chunk of a compiled lexicon (lexicon.c, emit_trie). */
#define ZHX_CLASS_CHUNK 32

/* Match limits on every pcre2_match: a catastrophic pattern fails one document
 * with an error instead of hanging the batch. 10 M steps is ~50 ms of JIT time,
 * far above anything a sane rule needs on one sentence. */
#define ZHX_MATCH_LIMIT 10000000u
#define ZHX_DEPTH_LIMIT 100000u
#define ZHX_HEAP_LIMIT_KIB 65536u

/* JIT stack per worker: 32 KiB start, 1 MiB max (docs/DESIGN.md). */
#define ZHX_JIT_STACK_MIN (32u * 1024u)
#define ZHX_JIT_STACK_MAX (1024u * 1024u)

/* A sentence longer than this is matched as several windows of this size: a page
 * with no punctuation (a 100 MB line) must not make every rule scan it whole. */
#define ZHX_MAX_SENTENCE_BYTES (16u * 1024u)

/* Registered organisation names (role=full_name) per document that shorter
 * mentions are joined to (resolve.c, join_full_names): an article names a few;
 * the cap keeps a pathological document linear. */
#define ZHX_FULL_NAMES 64

/* Distinct organisation names per document that a name known only by where it
 * stands (role=by_position) is joined to (resolve.c, join_by_position): an
 * article names a few dozen; the cap keeps a document of thousands linear. */
#define ZHX_POSITION_NAMES 128

/* Bytes of normalised text back from a surname with a title (胡总) to the full
 * name it stands for (people.c, by_surname): a few paragraphs. Past that the reader has lost the
 * thread too, and the scan stays linear in a document of thousands of names. */
#define ZHX_SURNAME_LOOKBACK 4096u

/* A JSONL input line holds one document. */
#define ZHX_MAX_JSONL_LINE (ZHX_MAX_DOC_BYTES * 2u)

/* Directory walks stop here: guards against symlink loops and runaway trees. */
#define ZHX_MAX_DIR_DEPTH 64

/* A dateline is only looked for in a document's first lines and sentences (not
 * counting the parts of a line that spaces between Han characters set apart): a
 * date further down is about something else, not when the article was written. */
#define ZHX_DATELINE_SENTENCES 5

/* Rule files per patterns folder and rules per set. */
#define ZHX_MAX_RULES 4096

/* Gold for `zhx eval`: a file is one document's annotations (a few hundred KB
 * at most), and a folder is a test set, not an archive. */
#define ZHX_MAX_GOLD_FILE_BYTES (16u * 1024u * 1024u)
#define ZHX_MAX_GOLD_FILES 100000

#endif
