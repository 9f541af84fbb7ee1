/* rules.c: parse rule files, load the lexicons they declare, and compile each rule
 * with the shared sub-patterns it uses. Errors carry file:line:col, also for
 * PCRE2's own compile errors, which are mapped back from the pattern offset. */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limits.h"
#include "normalize.h"
#include "pattern_info.h"
#include "util.h"

const char *const rules_known_fields[] = {
    "name", "en", "script", "org", "title", "person", "status", "year", "month", "day",
    "rel", "count", "part", "action", "from", "to", "date", "role", "short", "group", "pronoun",
    "from_ref", "to_ref", "year_offset", "tense", "surname", "stem", NULL,
};

/* A pattern as written over several lines, with where each line came from. */
struct piece {
    size_t off;         /* byte offset in the joined text where this line starts */
    long line, col;     /* its place in the file */
};
struct src {
    struct buf text;
    struct piece *pieces;
    size_t n, cap;
};

struct define {
    char *name;
    struct src src;
    char *file;
    long line;
    const struct lexicon *lex;  /* set for a lexicon; src then holds its regex */
};

/* Everything read before compiling: rules, defines and declarations of all files. */
struct loader {
    struct rules *rs;
    struct define *defs;
    size_t n_defs, cap_defs;
    struct src *rule_src;       /* parallel to rs->v */
    size_t cap_rules;
    struct { char *field, *lex, *file; long line; } *canon;
    size_t n_canon, cap_canon;
};

static bool src_add(struct src *s, const char *text, size_t len, long line, long col)
{
    if (s->text.len && !buf_addc(&s->text, '\n'))
        return false;
    if (!array_grow((void **)&s->pieces, &s->cap, s->n, sizeof *s->pieces))
        return false;
    s->pieces[s->n++] = (struct piece){s->text.len, line, col};
    return buf_add(&s->text, text, len);
}

static void src_locate(const struct src *s, size_t off, long *line, long *col)
{
    size_t i = 0;
    while (i + 1 < s->n && s->pieces[i + 1].off <= off)
        i++;
    if (s->n == 0) {
        *line = *col = 0;
        return;
    }
    *line = s->pieces[i].line;
    *col = s->pieces[i].col + (long)utf8_count(s->text.p + s->pieces[i].off, off - s->pieces[i].off);
}

static bool is_upper_name(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static bool is_known_field(const char *name)
{
    for (const char *const *f = rules_known_fields; *f; f++)
        if (strcmp(*f, name) == 0)
            return true;
    return false;
}

static struct define *find_def(struct loader *L, const char *name, size_t len)
{
    for (size_t i = 0; i < L->n_defs; i++)
        if (strlen(L->defs[i].name) == len && memcmp(L->defs[i].name, name, len) == 0)
            return &L->defs[i];
    return NULL;
}

/* Split "word rest": *word ends at the first blank; *rest skips blanks after it. */
static void split_word(char *s, char **word, char **rest)
{
    *word = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    *rest = s;
}

static char *rtrim(char *s)
{
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

#define FAIL(line, col, ...) zhx_fail(err, ZHX_ERR_RULES, path, (line), (col), __VA_ARGS__)
#define NOMEM() zhx_fail(err, ZHX_ERR_NOMEM, path, 0, 0, "out of memory")

static enum zhx_rc add_example(struct rule *r, bool reject, const char *text, long line,
                               const char *path, const char *ref_date, struct zhx_err *err)
{
    struct rule_example *v = realloc(r->examples, (r->n_examples + 1) * sizeof *v);
    if (v == NULL)
        return NOMEM();
    r->examples = v;
    struct rule_example *ex = &v[r->n_examples];
    memset(ex, 0, sizeof *ex);
    const char *arrow = reject ? NULL : strstr(text, " -> ");
    if (!reject && arrow == NULL)
        return FAIL(line, 1, "expect needs 'TEXT -> field=value ...'");
    size_t tlen = arrow ? (size_t)(arrow - text) : strlen(text);
    ex->reject = reject;
    ex->text = strndup(text, tlen);
    ex->want = arrow ? strdup(arrow + 4) : NULL;
    ex->file = strdup(path);
    ex->ref_date = ref_date ? strdup(ref_date) : NULL;
    ex->line = line;
    r->n_examples++;
    if (!ex->text || !ex->file || (arrow && !ex->want) || (ref_date && !ex->ref_date))
        return NOMEM();
    if (tlen == 0)
        return FAIL(line, 1, "example text is empty");
    /* field names in the wanted list must exist, or the check could never fail */
    if (ex->want) {
        char *w = strdup(ex->want);
        if (w == NULL)
            return NOMEM();
        enum zhx_rc rc = ZHX_OK;
        for (char *tok = strtok(w, " "); tok && rc == ZHX_OK; tok = strtok(NULL, " ")) {
            char *eq = strchr(tok, '=');
            if (eq == NULL)
                continue;   /* a value with a space continues the previous field */
            *eq = '\0';
            if (!is_known_field(tok) && strcmp(tok, "text") != 0 && strcmp(tok, "id") != 0 &&
                strcmp(tok, "canonical") != 0 && strcmp(tok, "value") != 0 &&
                strcmp(tok, "precision") != 0 && strcmp(tok, "relative") != 0)
                rc = FAIL(line, 1, "expect names unknown field '%s'", tok);
        }
        free(w);
        if (rc != ZHX_OK)
            return rc;
    }
    return ZHX_OK;
}

/* Parse one rule file into the loader. */
static enum zhx_rc parse_file(struct loader *L, const char *path, char *buf, size_t len,
                              struct zhx_err *err)
{
    struct rules *rs = L->rs;
    struct rule *cur = NULL;        /* the rule being read */
    struct src *cont = NULL;        /* where continuation lines go */
    char *ref_date = NULL;
    enum zhx_rc rc = ZHX_OK;
    long line = 0;
    if (memchr(buf, '\0', len))
        return FAIL(0, 0, "holds a NUL byte: not a text file");
    for (char *p = buf, *nl; rc == ZHX_OK && p < buf + len; p = nl + 1) {
        line++;
        nl = memchr(p, '\n', (size_t)(buf + len - p));
        if (nl == NULL)
            nl = buf + len;
        *nl = '\0';
        rtrim(p);
        if (*p == '\0' || *p == '#')
            continue;
        if (*p == ' ' || *p == '\t') {
            char *t = p;
            while (*t == ' ' || *t == '\t')
                t++;
            if (cont == NULL) {
                rc = FAIL(line, 1, "indented line continues nothing (only pattern and define span lines)");
                break;
            }
            if (!src_add(cont, t, strlen(t), line, (long)(t - p) + 1))
                rc = NOMEM();
            continue;
        }
        char *key, *val;
        split_word(p, &key, &val);
        long vcol = (long)utf8_count(p, (size_t)(val - p)) + 1;
        cont = NULL;
        if (strcmp(key, "rule") == 0) {
            if (*val == '\0' || strpbrk(val, " \t")) {
                rc = FAIL(line, vcol, "rule needs one id, like person.translit.with_en");
                break;
            }
            for (size_t i = 0; i < rs->n; i++)
                if (strcmp(rs->v[i].id, val) == 0) {
                    rc = FAIL(line, vcol, "duplicate rule id '%s' (first at %s:%ld)", val,
                              rs->v[i].file, rs->v[i].line);
                    break;
                }
            if (rc != ZHX_OK)
                break;
            if (rs->n >= ZHX_MAX_RULES) {
                rc = FAIL(line, 1, "more than %d rules", ZHX_MAX_RULES);
                break;
            }
            size_t old_cap = L->cap_rules;
            if (!array_grow((void **)&rs->v, &L->cap_rules, rs->n, sizeof *rs->v)) {
                rc = NOMEM();
                break;
            }
            if (L->cap_rules != old_cap) {   /* rule_src runs parallel to rs->v */
                struct src *sv = realloc(L->rule_src, L->cap_rules * sizeof *sv);
                if (sv == NULL) { rc = NOMEM(); break; }
                L->rule_src = sv;
            }
            cur = &rs->v[rs->n];
            memset(cur, 0, sizeof *cur);
            memset(&L->rule_src[rs->n], 0, sizeof *L->rule_src);
            rs->n++;
            cur->id = strdup(val);
            cur->file = strdup(path);
            cur->line = line;
            cur->type = REC_NTYPES;
            cur->priority = 50;
            if (!cur->id || !cur->file)
                rc = NOMEM();
        } else if (strcmp(key, "define") == 0 || strcmp(key, "lexicon") == 0) {
            char *name, *rest;
            split_word(val, &name, &rest);
            if (!is_upper_name(name)) {
                rc = FAIL(line, vcol, "%s needs an UPPER_CASE name, got '%s'", key, name);
                break;
            }
            if (find_def(L, name, strlen(name))) {
                rc = FAIL(line, vcol, "'%s' is defined twice", name);
                break;
            }
            if (!array_grow((void **)&L->defs, &L->cap_defs, L->n_defs, sizeof *L->defs)) {
                rc = NOMEM();
                break;
            }
            struct define *d = &L->defs[L->n_defs++];
            memset(d, 0, sizeof *d);
            d->name = strdup(name);
            d->file = strdup(path);
            d->line = line;
            if (!d->name || !d->file) {
                rc = NOMEM();
                break;
            }
            long rcol = (long)utf8_count(p, (size_t)(rest - p)) + 1;
            if (key[0] == 'l') {
                /* lexicons are data files beside the rules, nothing else */
                if (*rest == '\0' || strchr(rest, '/') || rest[0] == '.' || strpbrk(rest, " \t")) {
                    rc = FAIL(line, rcol, "lexicon needs a file name in the patterns folder, like titles.tsv");
                    break;
                }
                char *lpath = malloc(strlen(rs->dir) + strlen(rest) + 2);
                if (lpath == NULL) { rc = NOMEM(); break; }
                sprintf(lpath, "%s/%s", rs->dir, rest);
                struct lexicon *lx = NULL;
                rc = lex_load(name, lpath, rs->conv, &lx, err);
                free(lpath);
                if (rc == ZHX_ERR_IO) {   /* say which rule file asked for it */
                    char why[sizeof err->msg];
                    snprintf(why, sizeof why, "%s", err->msg);   /* FAIL rewrites err->msg */
                    rc = FAIL(line, rcol, "lexicon %s: %s", rest, why);
                }
                if (rc != ZHX_OK)
                    break;
                struct lexicon **lv = realloc(rs->lex, (rs->n_lex + 1) * sizeof *lv);
                if (lv == NULL) { lex_free(lx); rc = NOMEM(); break; }
                rs->lex = lv;
                rs->lex[rs->n_lex++] = lx;
                d->lex = lx;
                if (!src_add(&d->src, lx->regex, strlen(lx->regex), 0, 0))
                    rc = NOMEM();
            } else {
                if (*rest && !src_add(&d->src, rest, strlen(rest), line, rcol))
                    rc = NOMEM();
                cont = &d->src;
            }
            cur = NULL;
        } else if (strcmp(key, "canon") == 0) {
            char *field, *lex;
            split_word(val, &field, &lex);
            /* "title.status": only that type's field; "org": the field in any type */
            char *dot = strchr(field, '.');
            bool typed_ok = dot == NULL || (*dot = '\0', rec_type_parse(field) < REC_NTYPES);
            bool field_ok = is_known_field(dot ? dot + 1 : field);
            if (dot)
                *dot = '.';
            bool lex_ok = *lex != '\0';
            for (const char *q = lex; *q && lex_ok; q++)
                lex_ok = (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_' || *q == ' ' || *q == '\t';
            if (!typed_ok || !field_ok || !lex_ok) {
                rc = FAIL(line, vcol, "canon needs [type.]field and a lexicon name: canon org ORG, canon title.status TITLE_STATUS");
                break;
            }
            if (!array_grow((void **)&L->canon, &L->cap_canon, L->n_canon, sizeof *L->canon)) {
                rc = NOMEM();
                break;
            }
            L->canon[L->n_canon].field = strdup(field);
            L->canon[L->n_canon].lex = strdup(lex);
            L->canon[L->n_canon].file = strdup(path);
            L->canon[L->n_canon].line = line;
            L->n_canon++;
        } else if (strcmp(key, "refdate") == 0) {
            free(ref_date);
            ref_date = strdup(val);
        } else if (cur == NULL) {
            rc = FAIL(line, 1, "'%s' outside a rule (start one with: rule ID)", key);
        } else if (strcmp(key, "type") == 0) {
            cur->type = rec_type_parse(val);
            if (cur->type == REC_NTYPES || cur->type == REC_DOC)
                rc = FAIL(line, vcol, "unknown type '%s' (person, org, title, date, move)", val);
        } else if (strcmp(key, "priority") == 0) {
            char *end;
            long v = strtol(val, &end, 10);
            if (*val == '\0' || *end || v < 0 || v > 1000)
                rc = FAIL(line, vcol, "priority must be a number from 0 to 1000");
            cur->priority = (int)v;
        } else if (strcmp(key, "pattern") == 0) {
            struct src *s = &L->rule_src[cur - rs->v];
            if (s->n) {
                rc = FAIL(line, 1, "second pattern in rule %s (continue lines by indenting them)", cur->id);
                break;
            }
            if (*val && !src_add(s, val, strlen(val), line, vcol))
                rc = NOMEM();
            cont = s;
        } else if (strcmp(key, "set") == 0) {
            char *eq = strchr(val, '=');
            if (eq == NULL || eq == val) {
                rc = FAIL(line, vcol, "set needs field=value");
                break;
            }
            *eq = '\0';
            if (!is_known_field(val)) {
                rc = FAIL(line, vcol, "unknown field '%s'", val);
                break;
            }
            struct rule_set *sv = realloc(cur->sets, (cur->n_sets + 1) * sizeof *sv);
            if (sv == NULL) { rc = NOMEM(); break; }
            cur->sets = sv;
            sv[cur->n_sets].key = strdup(val);
            sv[cur->n_sets].val = strdup(eq + 1);
            cur->n_sets++;
        } else if (strcmp(key, "trigger") == 0) {
            for (char *t = strtok(val, " \t"); t && rc == ZHX_OK; t = strtok(NULL, " \t")) {
                char **tv = realloc(cur->triggers, (cur->n_triggers + 1) * sizeof *tv);
                if (tv == NULL) { rc = NOMEM(); break; }
                cur->triggers = tv;
                /* normalised like the text it is searched in; @NAME (every entry of
                 * lexicon NAME) is expanded once all files are read */
                if ((tv[cur->n_triggers] = t[0] == '@' ? strdup(t) : norm_string(t)) == NULL) {
                    rc = NOMEM();
                    break;
                }
                if (rs->conv && t[0] != '@')
                    conv_inplace(rs->conv, tv[cur->n_triggers], strlen(tv[cur->n_triggers]));
                cur->n_triggers++;
            }
            if (rc == ZHX_OK && cur->n_triggers == 0)
                rc = FAIL(line, vcol, "trigger needs one or more words");
        } else if (strcmp(key, "anchor") == 0) {
            if (strcmp(val, "person") != 0)
                rc = FAIL(line, vcol, "anchor takes one value: person");
            else if (cur->type == REC_PERSON)
                rc = FAIL(line, vcol, "a person rule cannot anchor on persons: they are not known yet");
            cur->anchor_person = true;
        } else if (strcmp(key, "expect") == 0 || strcmp(key, "reject") == 0) {
            rc = add_example(cur, key[0] == 'r', val, line, path, ref_date, err);
        } else {
            rc = FAIL(line, 1, "unknown key '%s' (rule type priority pattern set trigger anchor expect reject define lexicon canon refdate)", key);
        }
    }
    free(ref_date);
    return rc;
}

/* Append "(?<NAME>src)" for d and, first, everything it refers to. */
static enum zhx_rc add_closure(struct loader *L, struct define *d, struct buf *out, char *seen,
                               struct zhx_err *err);

/* Scan src for (?&NAME) and add each one's define; unknown names are errors at
 * their place in the file. */
static enum zhx_rc add_refs(struct loader *L, const struct src *s, const char *path, struct buf *out,
                            char *seen, struct zhx_err *err)
{
    const char *t = s->text.p ? s->text.p : "";
    for (const char *q = strstr(t, "(?&"); q; q = strstr(q + 3, "(?&")) {
        const char *n = q + 3, *e = n;
        while (isalnum((unsigned char)*e) || *e == '_')
            e++;
        struct define *d = find_def(L, n, (size_t)(e - n));
        if (d == NULL) {
            long line, col;
            src_locate(s, (size_t)(q - t), &line, &col);
            return FAIL(line, col, "unknown sub-pattern '%.*s' (declare it with define or lexicon)",
                        (int)(e - n), n);
        }
        enum zhx_rc rc = add_closure(L, d, out, seen, err);
        if (rc != ZHX_OK)
            return rc;
    }
    return ZHX_OK;
}

static enum zhx_rc add_closure(struct loader *L, struct define *d, struct buf *out, char *seen,
                               struct zhx_err *err)
{
    size_t i = (size_t)(d - L->defs);
    if (seen[i])
        return ZHX_OK;
    seen[i] = 1;
    enum zhx_rc rc = d->lex ? ZHX_OK : add_refs(L, &d->src, d->file, out, seen, err);
    if (rc != ZHX_OK)
        return rc;
    const char *path = d->file;
    if (!buf_printf(out, "(?<%s>", d->name) || !buf_add(out, d->src.text.p, d->src.text.len) ||
        !buf_adds(out, "\n)"))
        return NOMEM();
    return ZHX_OK;
}

static enum zhx_rc compile_rule(struct loader *L, struct rule *r, struct src *s, struct zhx_err *err);
static enum zhx_rc compile_all(struct loader *L, struct rules *rs, struct zhx_err *err);

static enum zhx_rc compile_rule(struct loader *L, struct rule *r, struct src *s, struct zhx_err *err)
{
    const char *path = r->file;
    if (r->type == REC_NTYPES)
        return FAIL(r->line, 1, "rule %s has no type", r->id);
    if (s->n == 0 || s->text.len == 0)
        return FAIL(r->line, 1, "rule %s has no pattern", r->id);
    r->pattern = strdup(s->text.p);
    if (r->pattern == NULL)
        return NOMEM();
    char *seen = calloc(L->n_defs + 1, 1);
    struct buf full = {0};
    if (seen == NULL)
        return NOMEM();
    /* The shared sub-patterns go first and the rule last, so that an error PCRE2
     * finds at the very end (a missing ")") is reported inside the rule. */
    enum zhx_rc rc = buf_adds(&full, "(?(DEFINE)") ? ZHX_OK : NOMEM();
    if (rc == ZHX_OK)
        rc = add_refs(L, s, path, &full, seen, err);
    free(seen);
    size_t prefix = full.len + 2;
    /* the rule as written, with (?C2) before each group a (?C1) checks
     * (pattern_info.h); ins says where, to map PCRE2's error offsets back */
    size_t ins[64], n_ins = 0, glen = strlen(PATTERN_GUARD), guarded_len = 0;
    char *guarded = rc == ZHX_OK ? pattern_guard_c1(s->text.p, s->text.len, &guarded_len, ins, &n_ins, 64) : NULL;
    if (rc == ZHX_OK && guarded == NULL)
        rc = NOMEM();
    if (rc == ZHX_OK && (!buf_adds(&full, ")\n") || !buf_add(&full, guarded, guarded_len)))
        rc = NOMEM();
    free(guarded);
    if (rc != ZHX_OK) {
        buf_free(&full);
        return rc;
    }
    int code;
    PCRE2_SIZE off;
    r->needs_person = r->type != REC_PERSON && pattern_requires_c1(s->text.p, s->text.len);
    r->offset_limit = r->needs_person || r->anchor_lead || r->person_window != RULE_NO_ANCHOR;
    /* An anchored rule is compiled anchored: PCRE2_ANCHORED given at match time
     * would make PCRE2 leave the JIT code for its interpreter. */
    r->re = pcre2_compile((PCRE2_SPTR)full.p, full.len,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_EXTENDED | PCRE2_DUPNAMES |
                              (r->anchor_person ? PCRE2_ANCHORED : 0) |
                              (r->offset_limit ? PCRE2_USE_OFFSET_LIMIT : 0),
                          &code, &off, NULL);
    if (r->re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        if (off >= prefix) {
            long line, col;
            size_t at = off - prefix;   /* in the guarded text: step back over the guards before it */
            for (size_t i = n_ins; i-- > 0;)
                if (at >= ins[i] + i * glen + glen)
                    at -= glen;
            src_locate(s, at, &line, &col);
            rc = FAIL(line, col, "rule %s: %s", r->id, (const char *)msg);
        } else {
            /* inside a shared sub-pattern: name the define the offset falls in */
            const struct define *in = NULL;
            for (size_t i = 0; i < L->n_defs; i++) {
                const char *at = strstr(full.p, L->defs[i].name);
                if (at && (size_t)(at - full.p) <= off && at[-1] == '<' &&
                    (in == NULL || at > strstr(full.p, in->name)))
                    in = &L->defs[i];
            }
            rc = FAIL(r->line, 1, "rule %s: %s (in sub-pattern %s, %s:%ld)", r->id, (const char *)msg,
                      in ? in->name : "?", in ? in->file : "?", in ? in->line : 0L);
        }
        buf_free(&full);
        return rc;
    }
    buf_free(&full);
    (void)pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);   /* without JIT: slower, not wrong */

    uint32_t n_names = 0, entry = 0, n_caps = 0;
    PCRE2_SPTR table;
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &n_names);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
    pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &n_caps);
    for (uint32_t i = 0; i < n_names; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry;
        uint32_t group = ((uint32_t)e[0] << 8) | e[1];
        const char *name = (const char *)e + 2;
        if (!(name[0] >= 'a' && name[0] <= 'z'))
            continue;   /* an upper-case name is a sub-pattern, not a field */
        if (!is_known_field(name)) {
            char list[512];
            size_t used = 0;
            for (size_t k = 0; rules_known_fields[k] && used + 1 < sizeof list; k++) {
                int w = snprintf(list + used, sizeof list - used, "%s%s", k ? " " : "", rules_known_fields[k]);
                if (w < 0)
                    break;
                used += (size_t)w;
            }
            list[used < sizeof list ? used : sizeof list - 1] = '\0';
            return FAIL(r->line, 1, "rule %s: capture (?<%s>...) is not a field (fields: %s)", r->id, name, list);
        }
        struct rule_field *f = NULL;
        for (size_t k = 0; k < r->n_fields; k++)
            if (strcmp(r->fields[k].name, name) == 0)
                f = &r->fields[k];
        if (f == NULL) {
            struct rule_field *fv = realloc(r->fields, (r->n_fields + 1) * sizeof *fv);
            if (fv == NULL)
                return NOMEM();
            r->fields = fv;
            f = &fv[r->n_fields++];
            f->name = strdup(name);
            f->groups = NULL;
            f->n_groups = 0;
            if (f->name == NULL)
                return NOMEM();
        }
        uint32_t *g = realloc(f->groups, (f->n_groups + 1) * sizeof *g);
        if (g == NULL)
            return NOMEM();
        f->groups = g;
        g[f->n_groups++] = group;
    }
    return ZHX_OK;
}

static bool lookup_def(void *ctx, const char *name, size_t len, const char **src, size_t *src_len,
                       const struct lexicon **lex)
{
    struct define *d = find_def(ctx, name, len);
    if (d == NULL)
        return false;
    *lex = d->lex;
    *src = d->src.text.p ? d->src.text.p : "";
    *src_len = d->src.text.len;
    return true;
}

/* What a trigger id stands for: a literal (shared by every rule naming it) or a
 * whole lexicon. */
struct trig_key {
    const char *lit;            /* borrowed from the first rule naming it */
    const struct lexicon *lex;
    bool upper;                 /* any upper-case letter (\p{Lu}) */
};

/* Give each trigger of r (a word, or "@NAME" for every word of lexicon NAME) its
 * trigger id, the same for the same word or lexicon in any rule. "@NAME" strings
 * are dropped: r->triggers keeps the literal words. */
static enum zhx_rc link_triggers(struct loader *L, struct rule *r, struct trig_key **keys, size_t *n_keys,
                                 size_t *cap_keys, struct zhx_err *err)
{
    const char *path = r->file;
    size_t keep = 0;
    r->trig_ids = calloc(r->n_triggers + 1, sizeof *r->trig_ids);
    if (r->trig_ids == NULL)
        return NOMEM();
    for (size_t k = 0; k < r->n_triggers; k++) {
        struct trig_key key = {NULL, NULL, false};
        if (r->triggers[k][0] == '@') {
            const char *name = r->triggers[k] + 1;
            const struct define *d = find_def(L, name, strlen(name));
            if (d == NULL || d->lex == NULL)
                return FAIL(r->line, 1, "rule %s: trigger %s is not a lexicon", r->id, r->triggers[k]);
            key.lex = d->lex;
            free(r->triggers[k]);
        } else {
            key.lit = r->triggers[k];
            r->triggers[keep++] = r->triggers[k];
        }
        size_t id = 0;
        while (id < *n_keys && !(key.lex ? (*keys)[id].lex == key.lex
                                         : (*keys)[id].lit && strcmp((*keys)[id].lit, key.lit) == 0))
            id++;
        if (id == *n_keys) {
            if (!array_grow((void **)keys, cap_keys, *n_keys, sizeof **keys))
                return NOMEM();
            (*keys)[(*n_keys)++] = key;
        }
        r->trig_ids[r->n_trig_ids++] = (uint32_t)id;
    }
    r->n_triggers = keep;
    return ZHX_OK;
}

/* The id of a lexicon or a one-character word among keys, added when new. */
static bool key_id(struct trig_key **keys, size_t *n_keys, size_t *cap_keys, struct trig_key key, uint32_t *id)
{
    size_t i = 0;
    while (i < *n_keys && !(key.upper ? (*keys)[i].upper
                            : key.lex ? (*keys)[i].lex == key.lex
                                      : (*keys)[i].lit && strcmp((*keys)[i].lit, key.lit) == 0))
        i++;
    if (i == *n_keys) {
        if (!array_grow((void **)keys, cap_keys, *n_keys, sizeof **keys))
            return false;
        (*keys)[(*n_keys)++] = key;
    }
    *id = (uint32_t)i;
    return true;
}

/* An empty word (a \x{0} in a pattern) would never be found: better no anchors. */
static bool words_ok(const struct pi_anchor *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].lex == NULL && !a[i].upper && !a[i].person && a[i].word[0] == '\0')
            return false;
    return true;
}

/* The prefilter id of anchor a (a word, a lexicon or any upper-case letter). A
 * word is copied into rs->words, which the prefilter borrows from. False when
 * out of memory. */
static bool anchor_id(struct rules *rs, struct trig_key **keys, size_t *n_keys, size_t *cap_keys,
                      const struct pi_anchor *a, uint32_t *id)
{
    struct trig_key key = {.lex = a->lex, .upper = a->upper};
    if (a->lex == NULL && !a->upper) {
        char **wv = realloc(rs->words, (rs->n_words + 1) * sizeof *wv);
        if (wv == NULL)
            return false;
        rs->words = wv;
        if ((key.lit = strdup(a->word)) == NULL)
            return false;
        rs->words[rs->n_words++] = (char *)key.lit;
    }
    return key_id(keys, n_keys, cap_keys, key, id);
}

/* Work out r's start anchors (pattern_info.h) and give each its prefilter id;
 * *ids and *leads (malloc'ed) list them, *n of them; none when the rule may
 * start anywhere. */
static enum zhx_rc find_anchors(struct loader *L, struct rule *r, const struct src *s, struct trig_key **keys,
                                size_t *n_keys, size_t *cap_keys, uint32_t **ids, uint32_t **leads, size_t *n,
                                struct zhx_err *err)
{
    const char *path = r->file;
    *ids = *leads = NULL;
    *n = 0;
    r->person_window = RULE_NO_ANCHOR;
    if (r->anchor_person || s->text.p == NULL)
        return ZHX_OK;
    struct pi_defs defs = {lookup_def, L};
    uint32_t window;
    if (r->type != REC_PERSON && pattern_person_window(s->text.p, s->text.len, &defs, &window))
        r->person_window = window;
    struct pi_anchor *a = NULL;
    size_t na = 0;
    /* persons are known when the other rules run (the second pass) */
    bool ok = r->type == REC_PERSON ? pattern_start_anchors(s->text.p, s->text.len, &defs, &a, &na)
                                    : pattern_start_anchors_c1(s->text.p, s->text.len, &defs, &a, &na);
    if (!ok || !words_ok(a, na)) {
        free(a);
        return ZHX_OK;
    }
    *ids = malloc(na * sizeof **ids);
    *leads = malloc(na * sizeof **leads);
    if (*ids == NULL || *leads == NULL) {
        free(a);
        return NOMEM();
    }
    for (size_t i = 0; i < na; i++) {
        if (a[i].person)
            (*ids)[i] = RULE_PERSON_ANCHOR;
        else if (!anchor_id(L->rs, keys, n_keys, cap_keys, &a[i], &(*ids)[i])) {
            free(a);
            return NOMEM();
        }
        (*leads)[i] = a[i].lead;
    }
    *n = na;
    free(a);
    return ZHX_OK;
}

/* Work out the words r needs in a sentence (pattern_info.h) as sets of
 * prefilter ids. */
static enum zhx_rc find_required(struct loader *L, struct rule *r, const struct src *s, struct trig_key **keys,
                                 size_t *n_keys, size_t *cap_keys, struct zhx_err *err)
{
    const char *path = r->file;
    struct pi_defs defs = {lookup_def, L};
    struct pi_anchor *a = NULL;
    size_t na = 0, ends[16], n_sets = 0;
    if (s->text.p == NULL || !pattern_required_words(s->text.p, s->text.len, &defs, &a, &na, ends, 16, &n_sets) ||
        !words_ok(a, na)) {
        free(a);
        return ZHX_OK;
    }
    r->req_ids = malloc(na * sizeof *r->req_ids);
    r->req_end = malloc(n_sets * sizeof *r->req_end);
    if (r->req_ids == NULL || r->req_end == NULL) {
        free(a);
        return NOMEM();
    }
    for (size_t i = 0; i < na; i++)
        if (!anchor_id(L->rs, keys, n_keys, cap_keys, &a[i], &r->req_ids[i])) {
            free(a);
            return NOMEM();
        }
    for (size_t k = 0; k < n_sets; k++)
        r->req_end[k] = (uint32_t)ends[k];
    r->n_req = n_sets;
    free(a);
    return ZHX_OK;
}

/* The prefilter over every trigger word: each literal, each entry of each
 * trigger lexicon. */
static enum zhx_rc build_prefilter(struct rules *rs, const struct trig_key *keys, size_t n_keys,
                                   struct zhx_err *err)
{
    bool ok = true;
    rs->pf.upper_id = PF_NONE;
    for (size_t id = 0; ok && id < n_keys; id++) {
        if (keys[id].upper)
            pf_add_upper(&rs->pf, (uint32_t)id);
        else if (keys[id].lit)
            ok = pf_add(&rs->pf, keys[id].lit, strlen(keys[id].lit), (uint32_t)id);
        for (size_t k = 0; ok && keys[id].lex && k < keys[id].lex->n; k++)
            ok = pf_add(&rs->pf, keys[id].lex->v[k].surface, strlen(keys[id].lex->v[k].surface), (uint32_t)id);
    }
    rs->pf.n_ids = (uint32_t)n_keys;
    if (!ok || !pf_finish(&rs->pf))
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return ZHX_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void loader_free(struct loader *L)
{
    for (size_t i = 0; i < L->n_defs; i++) {
        free(L->defs[i].name);
        free(L->defs[i].file);
        buf_free(&L->defs[i].src.text);
        free(L->defs[i].src.pieces);
    }
    free(L->defs);
    for (size_t i = 0; L->rs && i < L->rs->n; i++) {
        buf_free(&L->rule_src[i].text);
        free(L->rule_src[i].pieces);
    }
    free(L->rule_src);
    for (size_t i = 0; i < L->n_canon; i++) {
        free(L->canon[i].field);
        free(L->canon[i].lex);
        free(L->canon[i].file);
    }
    free(L->canon);
}

static enum zhx_rc load_all(struct loader *L, const char *dir, struct zhx_err *err)
{
    const char *path = dir;
    DIR *d = opendir(dir);
    if (d == NULL)
        return zhx_fail(err, ZHX_ERR_RULES, dir, 0, 0, "cannot open the patterns folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    enum zhx_rc rc = ZHX_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 7 || strcmp(e->d_name + l - 6, ".rules") != 0)
            continue;
        if (!array_grow((void **)&names, &cap, n, sizeof *names) || (names[n] = strdup(e->d_name)) == NULL) {
            rc = NOMEM();
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == ZHX_OK && n == 0)
        rc = zhx_fail(err, ZHX_ERR_RULES, dir, 0, 0, "no *.rules files in the patterns folder");
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; rc == ZHX_OK && i < n; i++) {
        char *fp = malloc(strlen(dir) + strlen(names[i]) + 2);
        if (fp == NULL) {
            rc = NOMEM();
            break;
        }
        sprintf(fp, "%s/%s", dir, names[i]);
        char *buf;
        size_t len;
        rc = file_read_all(fp, ZHX_MAX_RULE_FILE_BYTES, &buf, &len, err);
        if (rc == ZHX_OK) {
            rc = parse_file(L, fp, buf, len, err);
            free(buf);
        }
        if (rc == ZHX_ERR_IO)
            rc = ZHX_ERR_RULES;   /* an unreadable rule file is a rule-set error */
        free(fp);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static enum zhx_rc link_canon(struct loader *L, struct zhx_err *err)
{
    struct rules *rs = L->rs;
    rs->canon = calloc(L->n_canon + 1, sizeof *rs->canon);
    if (rs->canon == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < L->n_canon; i++) {
        const char *path = L->canon[i].file;
        if (rules_canon_lex(rs, L->canon[i].field))
            return FAIL(L->canon[i].line, 1, "canon for field '%s' given twice", L->canon[i].field);
        struct rule_canon *c = &rs->canon[rs->n_canon];
        char *names = L->canon[i].lex;
        for (char *n = strtok(names, " \t"); n; n = strtok(NULL, " \t")) {
            struct define *d = find_def(L, n, strlen(n));
            if (d == NULL || d->lex == NULL)
                return FAIL(L->canon[i].line, 1, "canon: '%s' is not a lexicon", n);
            if (c->n_lex == sizeof c->lex / sizeof c->lex[0])
                return FAIL(L->canon[i].line, 1, "canon: at most %zu lexicons for one field",
                            sizeof c->lex / sizeof c->lex[0]);
            c->lex[c->n_lex++] = d->lex;
        }
        if ((c->field = strdup(L->canon[i].field)) == NULL)
            return NOMEM();
        rs->n_canon++;
    }
    return ZHX_OK;
}

enum zhx_rc rules_load_dir(const char *dir, struct rules **out, struct zhx_err *err)
{
    return rules_load_dir_conv(dir, NULL, out, err);
}

enum zhx_rc rules_load_dir_conv(const char *dir, const struct script_conv *conv, struct rules **out,
                                struct zhx_err *err)
{
    *out = NULL;
    struct rules *rs = calloc(1, sizeof *rs);
    if (rs == NULL || (rs->dir = strdup(dir)) == NULL) {
        free(rs);
        return zhx_fail(err, ZHX_ERR_NOMEM, dir, 0, 0, "out of memory");
    }
    rs->conv = conv;
    struct loader L = {.rs = rs};
    enum zhx_rc rc = load_all(&L, dir, err);
    /* The patterns as the converted text will meet them (擔任 matches 担任), before
     * anything reads them: the anchors and required words come from this text,
     * and the layout is kept, so error positions stay right. */
    for (size_t i = 0; rc == ZHX_OK && conv && i < rs->n; i++)
        if (L.rule_src[i].text.p)
            conv_inplace(conv, L.rule_src[i].text.p, L.rule_src[i].text.len);
    for (size_t i = 0; rc == ZHX_OK && conv && i < L.n_defs; i++)
        if (L.defs[i].src.text.p && L.defs[i].lex == NULL)
            conv_inplace(conv, L.defs[i].src.text.p, L.defs[i].src.text.len);
    struct trig_key *keys = NULL;
    size_t n_keys = 0, cap_keys = 0;
    for (size_t i = 0; rc == ZHX_OK && i < rs->n; i++)
        rc = link_triggers(&L, &rs->v[i], &keys, &n_keys, &cap_keys, err);
    /* start anchors: per rule, (id, lead) pairs, spread into anchor_lead below */
    struct { uint32_t *ids, *leads; size_t n; } *anc = calloc(rs->n + 1, sizeof *anc);
    if (anc == NULL && rc == ZHX_OK)
        rc = zhx_fail(err, ZHX_ERR_NOMEM, dir, 0, 0, "out of memory");
    for (size_t i = 0; rc == ZHX_OK && i < rs->n; i++)
        rc = find_anchors(&L, &rs->v[i], &L.rule_src[i], &keys, &n_keys, &cap_keys, &anc[i].ids, &anc[i].leads,
                          &anc[i].n, err);
    for (size_t i = 0; rc == ZHX_OK && i < rs->n; i++)
        rc = find_required(&L, &rs->v[i], &L.rule_src[i], &keys, &n_keys, &cap_keys, err);
    if (rc == ZHX_OK)
        rc = build_prefilter(rs, keys, n_keys, err);
    /* where the required words are matters too (match.c: no match starts
     * after the last word of one of the sets) */
    for (size_t i = 0; rc == ZHX_OK && i < rs->n; i++)
        for (size_t k = 0; rs->v[i].n_req && k < rs->v[i].req_end[rs->v[i].n_req - 1]; k++)
            pf_mark_positional(&rs->pf, rs->v[i].req_ids[k]);
    for (size_t i = 0; rc == ZHX_OK && i < rs->n; i++) {
        if (anc[i].n == 0)
            continue;
        struct rule *r = &rs->v[i];
        r->anchor_lead = malloc((rs->pf.n_ids + 1) * sizeof *r->anchor_lead);
        if (r->anchor_lead == NULL) {
            rc = zhx_fail(err, ZHX_ERR_NOMEM, dir, 0, 0, "out of memory");
            break;
        }
        for (size_t k = 0; k <= rs->pf.n_ids; k++)
            r->anchor_lead[k] = RULE_NO_ANCHOR;
        r->person_lead = RULE_NO_ANCHOR;
        for (size_t k = 0; k < anc[i].n; k++) {
            uint32_t id = anc[i].ids[k], lead = anc[i].leads[k];
            if (id == RULE_PERSON_ANCHOR) {
                if (r->person_lead == RULE_NO_ANCHOR || r->person_lead < lead)
                    r->person_lead = lead;
                continue;
            }
            if (r->anchor_lead[id] == RULE_NO_ANCHOR || r->anchor_lead[id] < lead)
                r->anchor_lead[id] = lead;
            pf_mark_positional(&rs->pf, id);
        }
    }
    for (size_t i = 0; anc && i < rs->n; i++) {
        free(anc[i].ids);
        free(anc[i].leads);
    }
    free(anc);
    free(keys);
    if (rc == ZHX_OK)
        rc = compile_all(&L, rs, err);
    if (rc == ZHX_OK)
        rc = link_canon(&L, err);
    loader_free(&L);
    if (rc != ZHX_OK) {
        rules_free(rs);
        return rc;
    }
    *out = rs;
    return ZHX_OK;
}

/* Compiling and JIT-compiling the rules is most of start-up, and each rule is
 * compiled alone (the loader is only read by then): the rules are shared out
 * to a thread per core. Every rule is compiled; the error reported is the
 * first in rule order, as one thread would find it. */
struct compile_job {
    struct loader *L;
    struct rules *rs;
    enum zhx_rc *rc;            /* per rule */
    struct zhx_err *errs;       /* per rule */
    size_t next;                /* the next rule to take, under mu */
    pthread_mutex_t mu;
};

static void *compile_some(void *arg)
{
    struct compile_job *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->mu);
        if (i >= j->rs->n)
            return NULL;
        j->rc[i] = compile_rule(j->L, &j->rs->v[i], &j->L->rule_src[i], &j->errs[i]);
    }
}

#define MAX_COMPILE_THREADS 8

static enum zhx_rc compile_all(struct loader *L, struct rules *rs, struct zhx_err *err)
{
    struct compile_job j = {L, rs, calloc(rs->n + 1, sizeof *j.rc), calloc(rs->n + 1, sizeof *j.errs), 0,
                            PTHREAD_MUTEX_INITIALIZER};
    if (j.rc == NULL || j.errs == NULL) {
        free(j.rc);
        free(j.errs);
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n_threads = cores < 1 ? 1 : cores > MAX_COMPILE_THREADS ? MAX_COMPILE_THREADS : (size_t)cores;
    if (n_threads > rs->n)
        n_threads = rs->n ? rs->n : 1;
    pthread_t th[MAX_COMPILE_THREADS];
    size_t started = 0;
    /* this thread is one of them; a thread that cannot start leaves its share to the others */
    while (started + 1 < n_threads && pthread_create(&th[started], NULL, compile_some, &j) == 0)
        started++;
    compile_some(&j);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&j.mu);
    enum zhx_rc rc = ZHX_OK;
    for (size_t i = 0; i < rs->n && rc == ZHX_OK; i++)
        if (j.rc[i] != ZHX_OK) {
            rc = j.rc[i];
            if (err)
                *err = j.errs[i];
        }
    /* the match data of a worker holds the captures of the largest rule */
    for (size_t i = 0; i < rs->n && rc == ZHX_OK; i++) {
        uint32_t n_caps = 0;
        pcre2_pattern_info(rs->v[i].re, PCRE2_INFO_CAPTURECOUNT, &n_caps);
        if (n_caps > rs->max_captures)
            rs->max_captures = n_caps;
    }
    free(j.rc);
    free(j.errs);
    return rc;
}

static const struct rule_canon *find_canon(const struct rules *rs, const char *field)
{
    for (size_t i = 0; rs && i < rs->n_canon; i++)
        if (strcmp(rs->canon[i].field, field) == 0)
            return &rs->canon[i];
    return NULL;
}

const struct lexicon *rules_lexicon(const struct rules *rs, const char *name)
{
    for (size_t i = 0; i < rs->n_lex; i++)
        if (strcmp(rs->lex[i]->name, name) == 0)
            return rs->lex[i];
    return NULL;
}

const struct lexicon *rules_canon_lex(const struct rules *rs, const char *field)
{
    const struct rule_canon *c = find_canon(rs, field);
    return c ? c->lex[0] : NULL;
}

/* find_canon(rs, "TYPE.FIELD") without printing the name: resolve asks this
 * for every value of every candidate. */
static const struct rule_canon *find_canon_typed(const struct rules *rs, const char *type,
                                                 const char *field)
{
    size_t n_type = strlen(type);
    if (n_type + 1 + strlen(field) >= 64) {
        /* as long a name was looked up cut to 63 bytes; keep that */
        char typed[64];
        snprintf(typed, sizeof typed, "%s.%s", type, field);
        return find_canon(rs, typed);
    }
    for (size_t i = 0; rs && i < rs->n_canon; i++) {
        const char *f = rs->canon[i].field;
        if (strncmp(f, type, n_type) == 0 && f[n_type] == '.' && strcmp(f + n_type + 1, field) == 0)
            return &rs->canon[i];
    }
    return NULL;
}

const char *rules_canon(const struct rules *rs, enum rec_type t, const char *field, const char *s,
                        size_t len)
{
    const struct rule_canon *cs[2] = {find_canon_typed(rs, rec_type_name(t), field), find_canon(rs, field)};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; cs[k] && i < cs[k]->n_lex; i++) {
            const char *c = lex_lookup(cs[k]->lex[i], s, len);
            if (c)
                return c;
        }
    return NULL;
}

void rules_free(struct rules *rs)
{
    if (rs == NULL)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        struct rule *r = &rs->v[i];
        free(r->id);
        free(r->file);
        free(r->pattern);
        pcre2_code_free(r->re);
        for (size_t k = 0; k < r->n_fields; k++) {
            free(r->fields[k].name);
            free(r->fields[k].groups);
        }
        free(r->fields);
        for (size_t k = 0; k < r->n_sets; k++) {
            free(r->sets[k].key);
            free(r->sets[k].val);
        }
        free(r->sets);
        for (size_t k = 0; k < r->n_examples; k++) {
            free(r->examples[k].text);
            free(r->examples[k].want);
            free(r->examples[k].file);
            free(r->examples[k].ref_date);
        }
        free(r->examples);
        for (size_t k = 0; k < r->n_triggers; k++)
            free(r->triggers[k]);
        free(r->triggers);
        free(r->trig_ids);
        free(r->anchor_lead);
        free(r->req_ids);
        free(r->req_end);
    }
    pf_free(&rs->pf);
    for (size_t i = 0; i < rs->n_words; i++)
        free(rs->words[i]);
    free(rs->words);
    free(rs->v);
    for (size_t i = 0; i < rs->n_lex; i++)
        lex_free(rs->lex[i]);
    free(rs->lex);
    for (size_t i = 0; i < rs->n_canon; i++)
        free(rs->canon[i].field);
    free(rs->canon);
    free(rs->dir);
    free(rs);
}
