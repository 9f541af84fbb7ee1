/* main.c: the command line. Reads arguments, calls the stages, prints; the only
 * file that writes messages. Subcommands and options are tables, and --help is
 * printed from them. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "check.h"
#include "doc.h"
#include "emit.h"
#include "eval.h"
#include "eval_print.h"
#include "explain.h"
#include "export.h"
#include "gold.h"
#include "pipeline.h"
#include "rules.h"
#include "stats.h"
#include "zhx.h"

#ifndef ZHX_SOURCE_PATTERNS
#define ZHX_SOURCE_PATTERNS "patterns"
#endif
#ifndef ZHX_INSTALL_PATTERNS
#define ZHX_INSTALL_PATTERNS "/usr/local/share/zhx/patterns"
#endif

enum { EXIT_DOCS_FAILED = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

struct opt_help {
    const char *flag, *arg, *text;
};

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage;
    const struct opt_help *opts;
};

static const struct opt_help extract_opts[] = {
    {"--input", "text|jsonl", "read plain text files (default) or JSON Lines {\"id\",\"text\",\"date\"}"},
    {"--ref-date", "YYYY[-MM[-DD]]", "reference date for relative dates (今年, 去年); else the JSONL date, else a dateline in the text"},
    {"--patterns", "DIR", "rule folder (default: $ZHX_PATTERNS, the in-tree or the installed patterns/)"},
    {"-o, --output", "FILE", "write to FILE (atomically: written whole or not at all)"},
    {"--types", "LIST", "record types to print, comma-separated: person,org,title,date,move"},
    {"--format", "jsonl|html|doccano", "jsonl: the records (default); html: one review page for all documents;"
                                       " doccano: a doccano import file (a line per document)"},
    {"--lossy", NULL, "replace invalid UTF-8 with U+FFFD and warn, instead of failing the document"},
    {"-j, --jobs", "N", "run documents on N threads (default 1; 0: one per core); the output keeps the input order"},
    {"--convert", "CONFIG", "OpenCC conversion the rules see the text through: t2s (default), tw2s, hk2s, tw2sp"},
    {"--no-convert", NULL, "match the text as written: no Traditional-to-Simplified conversion"},
    {"--stats", NULL, "print to standard error where the time went: start-up, each stage, the costliest rules"},
    {"-h, --help", NULL, "show this help"},
    {NULL, NULL, NULL},
};

static const struct opt_help check_opts[] = {
    {"--patterns", "DIR", "rule folder to check (default as for extract)"},
    {"--convert", "CONFIG", "as for extract (default t2s)"},
    {"--no-convert", NULL, "as for extract"},
    {"-h, --help", NULL, "show this help"},
    {NULL, NULL, NULL},
};

static const struct opt_help eval_opts[] = {
    {"--gold", "DIR", "the gold folder: NAME.json (facts, as corpus/gold/) or NAME.jsonl (records) per document"},
    {"--json", NULL, "print one JSON object instead of the text report"},
    {"--input", "text|jsonl", "as for extract"},
    {"--ref-date", "YYYY[-MM[-DD]]", "as for extract; without it, a document with no date of its own takes its gold's ref_date"},
    {"--patterns", "DIR", "rule folder (default as for extract)"},
    {"--lossy", NULL, "as for extract"},
    {"--convert", "CONFIG", "as for extract (default t2s)"},
    {"--no-convert", NULL, "as for extract"},
    {"-h, --help", NULL, "show this help"},
    {NULL, NULL, NULL},
};

static const struct opt_help explain_opts[] = {
    {"--text", "TEXT", "explain this text instead of files"},
    {"--ref-date", "YYYY[-MM[-DD]]", "reference date for relative dates"},
    {"--patterns", "DIR", "rule folder (default as for extract)"},
    {"--input", "text|jsonl", "as for extract"},
    {"--color", "always|never|auto", "colour the output (auto: on a terminal, unless NO_COLOR is set)"},
    {"--lossy", NULL, "as for extract"},
    {"--convert", "CONFIG", "as for extract (default t2s)"},
    {"--no-convert", NULL, "as for extract"},
    {"-h, --help", NULL, "show this help"},
    {NULL, NULL, NULL},
};

static int cmd_extract(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_eval(int argc, char **argv);
static int cmd_explain(int argc, char **argv);

static const struct command commands[] = {
    {"extract", cmd_extract, "find people, titles, orgs, dates and moves; print JSON Lines or a review page",
     "zhx extract [options] PATH... | -", extract_opts},
    {"check", cmd_check, "compile every rule file and run every rule's examples",
     "zhx check [--patterns DIR] [--convert CONFIG | --no-convert]", check_opts},
    {"eval", cmd_eval, "score what zhx finds against gold: per type, per rule, every miss and false hit",
     "zhx eval --gold DIR [--json] [options] PATH...", eval_opts},
    {"explain", cmd_explain, "show every candidate match of a text, kept or dropped and why, and its records",
     "zhx explain [options] FILE... | --text TEXT", explain_opts},
    {NULL, NULL, NULL, NULL, NULL},
};

static void print_command_help(FILE *f, const struct command *c)
{
    fprintf(f, "usage: %s\n\n%s\n", c->usage, c->summary);
    if (strcmp(c->name, "extract") == 0)
        fputs("\nPATH is a file, a directory (walked for *.txt, or *.jsonl with --input jsonl)\n"
              "or - for standard input. Records go to standard output, errors to standard error.\n"
              "Exit status: 0 all documents done, 1 some failed (the rest are still written),\n"
              "2 usage or rule-file error, 3 the output could not be written (a full disk).\n"
              "--format html writes one page for every document: zhx extract --format html -o\n"
              "review.html ...; open it in a browser to accept, reject or correct the records\n"
              "and export them as gold JSONL (see README, Reviewing).\n",
              f);
    else if (strcmp(c->name, "eval") == 0)
        fputs("\nRuns the documents as extract does and scores their records against the gold file\n"
              "of each (matched by the document's file name without extension, or the gold's\n"
              "id / doc_names). NAME.json: document-level facts, scored as tools/zhx-score does;\n"
              "NAME.jsonl: records as zhx prints them (docs/SCHEMA.md, \"Gold files\").\n"
              "A document with no --ref-date and no date of its own (JSONL \"date\") takes the\n"
              "gold's ref_date, before any dateline in its text.\n"
              "Exit status: 0 it ran (scores are not pass/fail), 1 some documents failed (the\n"
              "others are scored), 2 usage error, a rule file or a gold file that does not load.\n",
              f);
    else if (strcmp(c->name, "explain") == 0)
        fputs("\nFor each sentence: every candidate match with its rule and text, kept or dropped\n"
              "and why (the rule it lost an overlap to, a person that is not a known mention, ...),\n"
              "and the records made from it. Exit status as for extract.\n",
              f);
    else
        fputs("\nPrints each failing example as file:line: rule-id: what went wrong, then\n"
              "'N passed, N failed'. Exit status: 0 all passed, 1 an example failed,\n"
              "2 a rule file does not load (reported as file:line:col: message).\n",
              f);
    fputs("\noptions:\n", f);
    for (const struct opt_help *o = c->opts; o->flag; o++) {
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", o->flag, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-30s %s\n", left, o->text);
    }
}

static void print_main_help(FILE *f)
{
    fprintf(f, "zhx %s: people, titles, dates and employer moves from Chinese news, as JSON records\n\n"
               "usage: zhx COMMAND [options] ...\n\ncommands:\n", ZHX_VERSION);
    for (const struct command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fputs("\n  zhx COMMAND --help   options of one command\n  zhx --version\n", f);
}

static const char *default_patterns(void)
{
    const char *env = getenv("ZHX_PATTERNS");
    if (env && *env)
        return env;
    struct stat st;
    if (stat(ZHX_SOURCE_PATTERNS, &st) == 0 && S_ISDIR(st.st_mode))
        return ZHX_SOURCE_PATTERNS;
    return ZHX_INSTALL_PATTERNS;
}

static void print_err(const struct zhx_err *e)
{
    if (e->file[0] && e->line > 0 && e->col > 0)
        fprintf(stderr, "%s:%ld:%ld: %s\n", e->file, e->line, e->col, e->msg);
    else if (e->file[0] && e->line > 0)
        fprintf(stderr, "zhx: %s:%ld: %s\n", e->file, e->line, e->msg);
    else if (e->file[0])
        fprintf(stderr, "zhx: %s: %s\n", e->file, e->msg);
    else
        fprintf(stderr, "zhx: %s\n", e->msg);
}

/* The default conversion: the rules are written in Simplified, and t2s turns
 * Traditional characters (and a few phrases: 計畫 to 计划) into Simplified
 * without rewriting Taiwan's vocabulary, so words stay as written. */
#define DEFAULT_CONVERT "t2s"

/* The rules of dir, converted for config (NULL: no conversion); *sc gets the
 * conversion, freed with free_rules() after the rules. */
static struct rules *load_rules(const char *dir, const char *config, struct script_conv **sc)
{
    struct rules *rs = NULL;
    struct zhx_err e = {0};
    *sc = NULL;
    if (config && conv_load(config, sc, &e) != ZHX_OK) {
        print_err(&e);
        return NULL;
    }
    if (rules_load_dir_conv(dir, *sc, &rs, &e) != ZHX_OK) {
        print_err(&e);
        conv_free(*sc);
        *sc = NULL;
        return NULL;
    }
    return rs;
}

static void free_rules(struct rules *rs, struct script_conv *sc)
{
    rules_free(rs);
    conv_free(sc);
}

static int usage_error(const struct command *c, const char *fmt, const char *arg)
{
    fprintf(stderr, "zhx %s: ", c->name);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: zhx %s --help)\n", c->name);
    return EXIT_USAGE;
}

/* The options extract, eval and explain share: what to read and which rules. */
enum {
    O_INPUT = 256, O_REF, O_PATTERNS, O_LOSSY, O_CONVERT, O_NO_CONVERT,
    O_COMMON_END    /* a command's own long options are numbered from here */
};
#define COMMON_LONG_OPTIONS                                                                       \
    {"input", required_argument, NULL, O_INPUT}, {"ref-date", required_argument, NULL, O_REF},    \
        {"patterns", required_argument, NULL, O_PATTERNS}, {"lossy", no_argument, NULL, O_LOSSY}, \
        {"convert", required_argument, NULL, O_CONVERT}, {"no-convert", no_argument, NULL, O_NO_CONVERT}

struct run_opts {
    enum doc_format fmt;
    struct ymd ref;             /* --ref-date, zeroed when none */
    const char *patterns;       /* NULL: default_patterns() */
    const char *convert;        /* OpenCC configuration, NULL: --no-convert */
    bool lossy;
};

#define RUN_OPTS_DEFAULT {DOC_TEXT, {0}, NULL, DEFAULT_CONVERT, false}

/* Take option ch (its argument arg) if it is a shared one: 1 when taken, 0 when
 * it is not one of them, -1 after a usage error was printed. */
static int common_option(const struct command *c, int ch, const char *arg, struct run_opts *o)
{
    switch (ch) {
    case O_INPUT:
        if (strcmp(arg, "jsonl") == 0)
            o->fmt = DOC_JSONL;
        else if (strcmp(arg, "text") == 0)
            o->fmt = DOC_TEXT;
        else
            return usage_error(c, "--input must be text or jsonl, not '%s'", arg), -1;
        return 1;
    case O_REF:
        if (!dates_parse_iso(arg, &o->ref))
            return usage_error(c, "--ref-date must be a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '%s'", arg), -1;
        return 1;
    case O_PATTERNS: o->patterns = arg; return 1;
    case O_LOSSY: o->lossy = true; return 1;
    case O_CONVERT: o->convert = arg; return 1;
    case O_NO_CONVERT: o->convert = NULL; return 1;
    default: return 0;
    }
}

#define OPT_USAGE_ERROR (-2)

/* getopt_long over lo with the shared options taken into *o: the next other
 * option, -1 at the end, or OPT_USAGE_ERROR once usage_error has said why. */
static int next_option(const struct command *c, int argc, char **argv, const char *shorts,
                       const struct option *lo, struct run_opts *o)
{
    int ch;
    while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        int taken = common_option(c, ch, optarg, o);
        if (taken < 0)
            return OPT_USAGE_ERROR;
        if (taken == 0)
            return ch;
    }
    return -1;
}

static bool parse_types(const char *list, emit_types *out)
{
    char *s = strdup(list);
    if (s == NULL)
        return false;
    *out = 0;
    bool ok = true;
    for (char *t = strtok(s, ","); t && ok; t = strtok(NULL, ",")) {
        enum rec_type ty = rec_type_parse(t);
        ok = ty != REC_NTYPES;
        *out |= 1u << ty;
    }
    free(s);
    return ok && *out;
}

/* -o FILE: write a temporary file beside it and rename at the end, so an
 * interrupted run never leaves half a file under the real name. */
struct output {
    FILE *f;
    char *final, *tmp;
};

static bool output_open(struct output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    /* a device or pipe (-o /dev/stdout, /dev/full) is written in place: a
     * rename would replace it with a regular file */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "w");
        if (o->f == NULL || (o->final = strdup(path)) == NULL) {
            fprintf(stderr, "zhx: %s: cannot write: %s\n", path, strerror(errno));
            if (o->f)
                fclose(o->f);
            memset(o, 0, sizeof *o);
            return false;
        }
        return true;
    }
    /* a symlink is written through: the file it names is replaced, not the link */
    char *real = NULL;
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (real = realpath(path, NULL)) != NULL)
        path = real;
    size_t n = strlen(path) + 16;
    o->final = strdup(path);
    o->tmp = malloc(n);
    free(real);
    int fd = -1;
    if (o->final && o->tmp) {
        snprintf(o->tmp, n, "%s.tmpXXXXXX", o->final);
        fd = mkstemp(o->tmp);
    }
    if (fd >= 0) {
        /* mkstemp makes 0600; the result gets the mode a plain create would
         * (0666 less the umask), or the mode of the file it replaces */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, stat(o->final, &st) == 0 ? (st.st_mode & 07777) : (0666 & ~mask));
    }
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        fprintf(stderr, "zhx: %s: cannot write: %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->final);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return false;
    }
    return true;
}

/* Close, and rename into place when ok; returns false when writing failed. */
static bool output_close(struct output *o, bool ok)
{
    bool wrote = fflush(o->f) == 0 && !ferror(o->f);
    if (o->f != stdout) {
        wrote = (fclose(o->f) == 0) && wrote;
        if (o->tmp && ok && wrote && rename(o->tmp, o->final) != 0)
            wrote = false;
        if (o->tmp && !(ok && wrote))
            unlink(o->tmp);
    }
    if (!wrote)
        fprintf(stderr, "zhx: %s: write error: %s\n", o->final ? o->final : "standard output",
                strerror(errno));
    free(o->final);
    free(o->tmp);
    return wrote;
}

/* batch_notify: the messages of one document, in input order. */
static void report_doc(void *ctx, const struct batch_doc_info *d)
{
    (void)ctx;
    if (d->rc != ZHX_OK) {
        print_err(d->err);
        return;
    }
    if (d->len == 0 || d->sentences == 0)
        fprintf(stderr, "zhx: %s: %s\n", d->id, d->len ? "no text, only blanks" : "empty document");
    if (d->n_replaced)
        fprintf(stderr, "zhx: %s: replaced %zu invalid byte(s) with U+FFFD, the first at byte %zu\n", d->id,
                d->n_replaced, d->first_bad);
}

static unsigned online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

struct rule_time {
    const char *id;
    uint64_t ns, runs, tries;
};

static int cmp_rule_time(const void *a, const void *b)
{
    const struct rule_time *x = a, *y = b;
    return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : strcmp(x->id, y->id);
}

/* --stats: start-up, the stages (summed over threads, so with -j N they add up
 * to about N times the wall time) and the ten rules that cost most. */
static void print_stats(const struct rules *rs, const struct stats *st, unsigned threads, uint64_t startup_ns,
                        uint64_t wall_ns)
{
    double mb = (double)st->bytes / 1e6, wall = (double)wall_ns / 1e9;
    fprintf(stderr, "zhx stats: %zu documents, %.2f MB, %u thread(s), %.3f s wall, %.2f MB/s, %.0f docs/s\n",
            st->n_docs, mb, threads, wall, wall > 0 ? mb / wall : 0.0, wall > 0 ? (double)st->n_docs / wall : 0.0);
    fprintf(stderr, "zhx stats: start-up (load and JIT-compile %zu rules, %zu lexicons) %.1f ms\n", rs->n,
            rs->n_lex, (double)startup_ns / 1e6);
    if (rs->conv)
        fprintf(stderr, "zhx stats: conversion %s by %s\n", conv_name(rs->conv),
                conv_uses_library(rs->conv) ? "the OpenCC library"
                                            : "zhx's copy of OpenCC over its dictionaries (compiled in, checked at start-up)");
    uint64_t total = 0;
    for (int i = 0; i < STAGE_N; i++)
        total += st->stage_ns[i];
    for (int i = 0; i < STAGE_N; i++)
        fprintf(stderr, "zhx stats: %-10s %9.3f s %5.1f%%\n", stats_stage_name((enum stage)i),
                (double)st->stage_ns[i] / 1e9, total ? 100.0 * (double)st->stage_ns[i] / (double)total : 0.0);
    struct rule_time *rt = calloc(st->n_rules ? st->n_rules : 1, sizeof *rt);
    if (rt == NULL)
        return;
    for (size_t i = 0; i < st->n_rules; i++)
        rt[i] = (struct rule_time){rs->v[i].id, st->rule_ns[i], st->rule_runs[i], st->rule_tries[i]};
    qsort(rt, st->n_rules, sizeof *rt, cmp_rule_time);
    for (size_t i = 0; i < st->n_rules && i < 10; i++)
        fprintf(stderr, "zhx stats: rule %-32s %8.3f s %9llu sentences %9llu tries %7.2f us/try\n", rt[i].id,
                (double)rt[i].ns / 1e9, (unsigned long long)rt[i].runs, (unsigned long long)rt[i].tries,
                rt[i].tries ? (double)rt[i].ns / 1e3 / (double)rt[i].tries : 0.0);
    free(rt);
}

static int cmd_extract(int argc, char **argv)
{
    const struct command *c = &commands[0];
    enum { O_TYPES = O_COMMON_END, O_FORMAT, O_STATS };
    unsigned threads = 1;
    static const struct option lo[] = {
        COMMON_LONG_OPTIONS,
        {"output", required_argument, NULL, 'o'},      {"types", required_argument, NULL, O_TYPES},
        {"help", no_argument, NULL, 'h'},              {"jobs", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, O_FORMAT}, {"stats", no_argument, NULL, O_STATS},
        {NULL, 0, NULL, 0},
    };
    struct run_opts ro = RUN_OPTS_DEFAULT;
    const char *outpath = NULL;
    emit_types types = EMIT_ALL_TYPES;
    enum export_format format = EXPORT_JSONL;
    bool stats = false;
    int ch;
    optind = 1;
    opterr = 0;   /* usage_error says it once, with the option */
    while ((ch = next_option(c, argc, argv, "o:hj:", lo, &ro)) >= 0) {
        switch (ch) {
        case 'o': outpath = optarg; break;
        case O_TYPES:
            if (!parse_types(optarg, &types))
                return usage_error(c, "--types takes person,org,title,date,move; got '%s'", optarg);
            break;
        case O_FORMAT:
            if (!export_format_parse(optarg, &format))
                return usage_error(c, "--format must be jsonl, html or doccano, not '%s'", optarg);
            break;
        case O_STATS: stats = true; break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || v < 0 || v > 256)
                return usage_error(c, "-j takes a number of threads from 0 (one per core) to 256, not '%s'", optarg);
            threads = v ? (unsigned)v : online_cpus();
            break;
        }
        case 'h': print_command_help(stdout, c); return 0;
        default: return usage_error(c, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
    if (ch == OPT_USAGE_ERROR)
        return EXIT_USAGE;
    if (optind >= argc)
        return usage_error(c, "%s", "no input: give files, directories or - for standard input");
    for (int i = optind, seen = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && seen++)
            return usage_error(c, "%s", "standard input (-) can be read only once");
    uint64_t t_start = stats_now_ns();
    struct script_conv *sc;
    struct rules *rs = load_rules(ro.patterns ? ro.patterns : default_patterns(), ro.convert, &sc);
    if (rs == NULL)
        return EXIT_USAGE;
    uint64_t startup_ns = stats_now_ns() - t_start;
    struct zhx_err e = {0};
    struct doc_iter *it = NULL;
    struct output out;
    if (!output_open(&out, outpath)) {
        free_rules(rs, sc);
        return EXIT_USAGE;
    }
    if (doc_iter_new(argv + optind, (size_t)(argc - optind), ro.fmt, ro.lossy, &it, &e) != ZHX_OK) {
        print_err(&e);
        output_close(&out, false);
        free_rules(rs, sc);
        return EXIT_USAGE;
    }
    struct batch_opts bo = {rs, ro.ref, types, format, threads, stats};
    struct batch_report rep = {0};
    enum zhx_rc rc = ZHX_OK;
    uint64_t t_run = stats_now_ns();
    /* a write error before or after the documents loses the output like one
     * during them (output_close names it): exit 3 */
    if (export_begin(out.f, format, &e) != ZHX_OK)
        rep.write_failed = true;
    else if ((rc = batch_run(it, out.f, &bo, report_doc, NULL, &rep, &e)) != ZHX_OK)
        print_err(&e);
    else if (!rep.write_failed && export_end(out.f, format, &e) != ZHX_OK)
        rep.write_failed = true;
    if (stats)
        print_stats(rs, &rep.stats, threads, startup_ns, stats_now_ns() - t_run);
    stats_free(&rep.stats);
    doc_iter_free(it);
    free_rules(rs, sc);
    if (!output_close(&out, rc == ZHX_OK && !rep.write_failed) || rep.write_failed)
        return EXIT_OUTPUT;   /* the records are lost, not only some documents */
    if (rc != ZHX_OK)
        return EXIT_USAGE;
    if (rep.n_failed)
        fprintf(stderr, "zhx: %zu document(s) or input(s) failed\n", rep.n_failed);
    return rep.n_failed ? EXIT_DOCS_FAILED : 0;
}

static int cmd_check(int argc, char **argv)
{
    const struct command *c = &commands[1];
    static const struct option lo[] = {
        {"patterns", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {"convert", required_argument, NULL, 'c'},  {"no-convert", no_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *patterns = NULL, *convert = DEFAULT_CONVERT;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        if (ch == 'p')
            patterns = optarg;
        else if (ch == 'c')
            convert = optarg;
        else if (ch == 'n')
            convert = NULL;
        else if (ch == 'h') {
            print_command_help(stdout, c);
            return 0;
        } else
            return usage_error(c, "unknown option or missing value: %s", argv[optind - 1]);
    }
    if (optind < argc)
        return usage_error(c, "unexpected argument '%s'", argv[optind]);
    const char *dir = patterns ? patterns : default_patterns();
    struct script_conv *sc;
    struct rules *rs = load_rules(dir, convert, &sc);
    if (rs == NULL)
        return EXIT_USAGE;
    struct check_report rep;
    struct zhx_err e = {0};
    if (check_run(rs, &rep, &e) != ZHX_OK) {
        print_err(&e);
        free_rules(rs, sc);
        return EXIT_USAGE;
    }
    if (rep.failures.len)
        fputs(rep.failures.p, stdout);
    size_t n_ex = rep.n_pass + rep.n_fail;
    printf("%s: %zu rules, %zu lexicons, %zu examples\n", dir, rs->n, rs->n_lex, n_ex);
    /* a rule nobody showed working is not an error, but a reviewer should know */
    for (size_t i = 0; i < rs->n; i++) {
        bool has_expect = false;
        for (size_t k = 0; k < rs->v[i].n_examples && !has_expect; k++)
            has_expect = !rs->v[i].examples[k].reject;
        if (!has_expect)
            printf("%s:%ld: %s: note: no expect example\n", rs->v[i].file, rs->v[i].line, rs->v[i].id);
    }
    /* what the engine read from the patterns to skip work (patterns/README.md, Speed) */
    size_t n_anchored = 0, n_person = 0, n_everywhere = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const struct rule *r = &rs->v[i];
        n_anchored += r->anchor_lead != NULL || r->anchor_person;
        n_person += r->needs_person;
        if (r->anchor_lead == NULL && !r->anchor_person && r->n_trig_ids == 0) {
            n_everywhere++;
            printf("%s:%ld: %s: note: tried at every position of every sentence (no trigger, no start anchor)\n",
                   r->file, r->line, r->id);
        }
    }
    printf("speed: %zu rules start only at their anchor words or at persons, %zu only in sentences with a person, "
           "%zu everywhere\n", n_anchored, n_person, n_everywhere);
    printf("%zu passed, %zu failed\n", rep.n_pass, rep.n_fail);
    int status = rep.n_fail ? 1 : 0;
    check_report_free(&rep);
    free_rules(rs, sc);
    return status;
}

static const struct command *find_command(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static int cmd_eval(int argc, char **argv)
{
    const struct command *c = find_command("eval");
    enum { O_GOLD = O_COMMON_END, O_JSON };
    static const struct option lo[] = {
        COMMON_LONG_OPTIONS,
        {"gold", required_argument, NULL, O_GOLD}, {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    struct run_opts ro = RUN_OPTS_DEFAULT;
    const char *gold_dir = NULL;
    bool json = false;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = next_option(c, argc, argv, "h", lo, &ro)) >= 0) {
        switch (ch) {
        case O_GOLD: gold_dir = optarg; break;
        case O_JSON: json = true; break;
        case 'h': print_command_help(stdout, c); return 0;
        default: return usage_error(c, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
    if (ch == OPT_USAGE_ERROR)
        return EXIT_USAGE;
    if (gold_dir == NULL)
        return usage_error(c, "%s", "--gold DIR is required: the folder of gold files");
    if (optind >= argc)
        return usage_error(c, "%s", "no input: give files, directories or - for standard input");
    struct zhx_err e = {0};
    struct gold_set gold;
    if (gold_load_dir(gold_dir, &gold, &e) != ZHX_OK) {
        print_err(&e);
        return EXIT_USAGE;
    }
    struct script_conv *sc;
    struct rules *rs = load_rules(ro.patterns ? ro.patterns : default_patterns(), ro.convert, &sc);
    struct doc_iter *it = NULL;
    if (rs && doc_iter_new(argv + optind, (size_t)(argc - optind), ro.fmt, ro.lossy, &it, &e) != ZHX_OK)
        print_err(&e);
    if (it == NULL) {
        free_rules(rs, sc);
        gold_free(&gold);
        return EXIT_USAGE;
    }
    struct eval_opts eo = {rs, ro.ref, &gold};
    struct eval_report rep;
    enum zhx_rc rc = eval_run(it, &eo, report_doc, NULL, &rep, &e);
    if (rc == ZHX_OK)
        rc = json ? eval_print_json(stdout, &rep, &e) : eval_print_text(stdout, &rep, &e);
    if (rc != ZHX_OK)
        print_err(&e);
    int status = rc == ZHX_ERR_IO ? EXIT_OUTPUT : rc != ZHX_OK ? EXIT_USAGE : rep.n_failed ? EXIT_DOCS_FAILED : 0;
    if (rc == ZHX_OK && rep.n_failed)
        fprintf(stderr, "zhx: %zu document(s) or input(s) failed\n", rep.n_failed);
    eval_report_free(&rep);
    doc_iter_free(it);
    free_rules(rs, sc);
    gold_free(&gold);
    return status;
}

static int cmd_explain(int argc, char **argv)
{
    const struct command *c = find_command("explain");
    enum { O_TEXT = O_COMMON_END, O_COLOR };
    static const struct option lo[] = {
        COMMON_LONG_OPTIONS,
        {"text", required_argument, NULL, O_TEXT},   {"color", required_argument, NULL, O_COLOR},
        {"colour", required_argument, NULL, O_COLOR}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct run_opts ro = RUN_OPTS_DEFAULT;
    const char *text = NULL, *color = "auto";
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = next_option(c, argc, argv, "h", lo, &ro)) >= 0) {
        switch (ch) {
        case O_TEXT: text = optarg; break;
        case O_COLOR:
            if (strcmp(optarg, "always") && strcmp(optarg, "never") && strcmp(optarg, "auto"))
                return usage_error(c, "--color takes always, never or auto, not '%s'", optarg);
            color = optarg;
            break;
        case 'h': print_command_help(stdout, c); return 0;
        default: return usage_error(c, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
    if (ch == OPT_USAGE_ERROR)
        return EXIT_USAGE;
    if ((text == NULL) == (optind >= argc))
        return usage_error(c, "%s", "give files (or - for standard input) or --text TEXT, not both");
    /* NO_COLOR (no-color.org): any non-empty value turns colour off unless asked for */
    const char *no_color = getenv("NO_COLOR");
    bool colored = strcmp(color, "always") == 0 ||
                   (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) && !(no_color && *no_color));
    struct script_conv *sc;
    struct rules *rs = load_rules(ro.patterns ? ro.patterns : default_patterns(), ro.convert, &sc);
    if (rs == NULL)
        return EXIT_USAGE;
    struct zhx_err e = {0};
    struct doc_iter *it = NULL;
    if (text == NULL && doc_iter_new(argv + optind, (size_t)(argc - optind), ro.fmt, ro.lossy, &it, &e) != ZHX_OK) {
        print_err(&e);
        free_rules(rs, sc);
        return EXIT_USAGE;
    }
    size_t n_failed = 0;
    enum zhx_rc rc = explain_run(stdout, rs, it, text, &ro.ref, colored, report_doc, NULL, &n_failed, &e);
    if (rc != ZHX_OK)
        print_err(&e);
    doc_iter_free(it);
    free_rules(rs, sc);
    if (rc != ZHX_OK)
        return rc == ZHX_ERR_IO ? EXIT_OUTPUT : EXIT_USAGE;
    return n_failed ? EXIT_DOCS_FAILED : 0;
}

int main(int argc, char **argv)
{
    /* Every document allocates and frees the same few buffers (the normalised
     * text and its offset maps, candidates, records). glibc's defaults give the
     * freed top of the heap back to the kernel and take it again for the next
     * document: a brk and page faults per document, a quarter of the run time
     * on the bench corpus. Keep up to 64 MB (one maximal document's buffers)
     * instead; the peak memory is the same. */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 4 * 1024 * 1024);
    if (argc < 2) {
        print_main_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_main_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("zhx %s (schema %d)\n", ZHX_VERSION, ZHX_SCHEMA);
        return 0;
    }
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "zhx: unknown command '%s'\n\n", argv[1]);
    print_main_help(stderr);
    return EXIT_USAGE;
}
