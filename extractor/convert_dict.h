/* convert_dict.h: OpenCC's conversion, computed by zhx from OpenCC's own
 * dictionaries (dumped at build time by cmake/opencc_tables.py).
 *
 * The same algorithm as OpenCC 1.1: the text is cut into segments by longest
 * prefix match over the segmentation dictionary (runs of unmatched characters
 * stay one segment), then each step of the conversion chain rewrites every
 * segment alone, taking at each position the longest key of the first
 * dictionary of its group that has one, else the character. Result: the string
 * opencc_convert_utf8() gives, without a marisa lookup and a std::string per
 * character, which made OpenCC a fifth of zhx's instructions.
 *
 * convert.c uses it only after checking that OpenCC reads the files the tables
 * came from (ccd_files_match) and converts every key of the configuration's
 * dictionaries as the tables do (ccd_* knows nothing of that second check). */
#ifndef ZHX_CONVERT_DICT_H
#define ZHX_CONVERT_DICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define CCD_MAX_GROUP 4
#define CCD_MAX_STEPS 4

/* The generated tables: an OpenCC dictionary as opencc_dict's text dump
 * ("key\tvalue value...\n"; the first value is the conversion) and a
 * configuration as indexes into ccd_tables. */
struct ccd_table {
    const char *file;       /* its .ocd2 name, e.g. TSPhrases.ocd2 */
    const char *text;
    size_t len;
    size_t file_size;       /* of the .ocd2 it was dumped from ... */
    uint64_t file_hash;     /* ... and its 64-bit FNV-1a */
};
struct ccd_config {
    const char *name;       /* t2s, tw2s, ... */
    int n_seg;
    int seg[CCD_MAX_GROUP];
    int n_steps;
    int n_step_dicts[CCD_MAX_STEPS];
    int steps[CCD_MAX_STEPS][CCD_MAX_GROUP];
    size_t json_size;       /* of its .json, and the hash, as for a table */
    uint64_t json_hash;
};
extern const char ccd_data_dir[];   /* where they were read; "" when none were */
extern const struct ccd_table ccd_tables[];
extern const size_t ccd_n_tables;
extern const struct ccd_config ccd_configs[];
extern const size_t ccd_n_configs;

/* A loaded configuration; read-only after ccd_load, shared by threads. */
struct ccd;

/* Load configuration name from the generated tables. ZHX_OK with *out NULL when
 * they do not hold it (a path, or a build without opencc_dict); ZHX_ERR_NOMEM. */
enum zhx_rc ccd_load(const char *name, struct ccd **out, struct zhx_err *err);
void ccd_free(struct ccd *c);   /* NULL is fine */

/* Are the files OpenCC will read for c's configuration the ones the tables
 * were dumped from (size and hash)? OpenCC looks in the working directory
 * first, for the .json and for each dictionary: any of them there, and the
 * answer is no. data_dir is where OpenCC keeps its data (ccd_data_dir; a
 * parameter for the tests). An OpenCC upgraded after the build may have keys
 * the tables lack, which no conversion of the tables' own keys can reveal. */
bool ccd_files_match(const struct ccd *c, const char *data_dir);

/* Every key of the configuration's dictionaries, one per line, into out (for
 * the load-time check against OpenCC). False when out of memory. */
bool ccd_keys(const struct ccd *c, struct buf *out);

/* One thread's scratch for ccd_convert (grown as needed, freed with ccd_scratch_free). */
struct ccd_scratch {
    struct buf a, b;
    size_t *cut_a, *cut_b;  /* segment ends in a and b */
    size_t n_cut_a, n_cut_b, cap_cut_a, cap_cut_b;
};
void ccd_scratch_free(struct ccd_scratch *s);

/* s[0, len) (valid UTF-8, no NUL) as OpenCC converts it: a NUL-terminated
 * string inside scr, valid until the next call with scr; NULL when out of memory. */
const char *ccd_convert(const struct ccd *c, const char *s, size_t len, struct ccd_scratch *scr);

#endif
