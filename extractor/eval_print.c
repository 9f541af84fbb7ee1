/* eval_print.c: see eval_print.h. The text puts the numbers first and the
 * evidence after: scores, the rules that make the false hits, then every miss
 * and false hit with its sentence, which is what a rule writer reads next. */
#include "eval_print.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

static void print_items(FILE *out, const char *title, const struct eval_list *l)
{
    fprintf(out, "\n%s: %zu\n", title, l->n);
    for (size_t i = 0; i < l->n; i++) {
        const struct eval_item *it = &l->v[i];
        if (it->sentence >= 0)
            fprintf(out, "  %s s%ld %s", it->doc, it->sentence, it->kind);
        else
            fprintf(out, "  %s - %s", it->doc, it->kind);
        if (it->rule)
            fprintf(out, " %s", it->rule);
        fprintf(out, ": %s\n", it->what);
        if (it->sentence_text)
            fprintf(out, "      | %s\n", it->sentence_text);
        else
            fputs("      | (not found in the text)\n", out);
    }
}

static void print_strlist(FILE *out, const char *title, const struct strlist *l)
{
    if (l->n == 0)
        return;
    fprintf(out, "\n%s:", title);
    for (size_t i = 0; i < l->n; i++)
        fprintf(out, " %s", l->v[i]);
    fputc('\n', out);
}

static enum zhx_rc finish(FILE *out, struct zhx_err *err)
{
    if (fflush(out) != 0 || ferror(out))
        return zhx_fail(err, ZHX_ERR_IO, NULL, 0, 0, "write error: %s", strerror(errno));
    return ZHX_OK;
}

enum zhx_rc eval_print_text(FILE *out, const struct eval_report *rep, struct zhx_err *err)
{
    fprintf(out, "%zu document(s): %zu scored against fact gold, %zu against span gold, %zu failed\n\n",
            rep->n_docs, rep->n_fact, rep->n_span, rep->n_failed);
    fprintf(out, "%-10s %9s %7s %7s %6s %6s %6s\n", "type", "precision", "recall", "F1", "tp", "fp", "fn");
    for (int k = 0; k < EK_N; k++) {
        if (!rep->t[k].scored)
            continue;
        double p, r, f;
        eval_prf(&rep->t[k], &p, &r, &f);
        fprintf(out, "%-10s %9.3f %7.3f %7.3f %6zu %6zu %6zu\n", eval_kind_name((enum eval_kind)k), p, r, f,
                rep->t[k].tp, rep->t[k].fp, rep->t[k].fn);
    }
    if (rep->n_fact) {
        double p = rep->en_out ? (double)rep->en_out_ok / (double)rep->en_out : 0.0;
        double r = rep->en_gold ? (double)rep->en_found / (double)rep->en_gold : 0.0;
        fprintf(out, "%-10s %9.3f %7.3f  (fact gold: English originals; gold persons with one: %zu)\n", "en", p, r,
                rep->en_gold);
        fputs("(fact gold is scored per document as tools/zhx-score does; date_text is the dates on their text alone)\n",
              out);
    }
    fprintf(out, "\nrules: %zu (true hits, false hits, precision; most false hits first)\n", rep->n_rules);
    for (size_t i = 0; i < rep->n_rules; i++) {
        const struct eval_rule *r = &rep->rules[i];
        double p = (double)r->hits / (double)(r->hits + r->false_hits);
        fprintf(out, "  %-44s %5zu %5zu %7.3f\n", r->rule, r->hits, r->false_hits, p);
    }
    print_items(out, "misses (in the gold, not found)", &rep->misses);
    print_items(out, "false hits (found, not in the gold)", &rep->false_hits);
    print_strlist(out, "documents with no gold (not scored)", &rep->no_gold);
    print_strlist(out, "gold with no document (not scored)", &rep->no_doc);
    return finish(out, err);
}

static cJSON *items_json(const struct eval_list *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->n; i++) {
        const struct eval_item *it = &l->v[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(a, o)) {
            cJSON_Delete(o);
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddStringToObject(o, "doc", it->doc);
        cJSON_AddStringToObject(o, "type", it->kind);
        if (it->sentence >= 0)
            cJSON_AddNumberToObject(o, "sentence", (double)it->sentence);
        else
            cJSON_AddNullToObject(o, "sentence");
        if (it->sentence_text)
            cJSON_AddStringToObject(o, "sentence_text", it->sentence_text);
        else
            cJSON_AddNullToObject(o, "sentence_text");
        if (it->rule)
            cJSON_AddStringToObject(o, "rule", it->rule);
        cJSON_AddStringToObject(o, "what", it->what);
    }
    return a;
}

static cJSON *strlist_json(const struct strlist *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
    return a;
}

enum zhx_rc eval_print_json(FILE *out, const struct eval_report *rep, struct zhx_err *err)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory building JSON");
    cJSON_AddNumberToObject(o, "docs", (double)rep->n_docs);
    cJSON_AddNumberToObject(o, "failed", (double)rep->n_failed);
    cJSON_AddNumberToObject(o, "fact_gold", (double)rep->n_fact);
    cJSON_AddNumberToObject(o, "span_gold", (double)rep->n_span);
    cJSON *scores = cJSON_AddObjectToObject(o, "scores");
    for (int k = 0; scores && k < EK_N; k++) {
        if (!rep->t[k].scored)
            continue;
        double p, r, f;
        eval_prf(&rep->t[k], &p, &r, &f);
        cJSON *s = cJSON_AddObjectToObject(scores, eval_kind_name((enum eval_kind)k));
        if (s == NULL)
            break;
        cJSON_AddNumberToObject(s, "p", p);
        cJSON_AddNumberToObject(s, "r", r);
        cJSON_AddNumberToObject(s, "f1", f);
        cJSON_AddNumberToObject(s, "tp", (double)rep->t[k].tp);
        cJSON_AddNumberToObject(s, "fp", (double)rep->t[k].fp);
        cJSON_AddNumberToObject(s, "fn", (double)rep->t[k].fn);
    }
    if (rep->n_fact) {
        cJSON *en = cJSON_AddObjectToObject(o, "en");
        if (en) {
            cJSON_AddNumberToObject(en, "p", rep->en_out ? (double)rep->en_out_ok / (double)rep->en_out : 0.0);
            cJSON_AddNumberToObject(en, "r", rep->en_gold ? (double)rep->en_found / (double)rep->en_gold : 0.0);
            cJSON_AddNumberToObject(en, "n", (double)rep->en_gold);
        }
    }
    cJSON *rules = cJSON_AddArrayToObject(o, "rules");
    for (size_t i = 0; rules && i < rep->n_rules; i++) {
        const struct eval_rule *r = &rep->rules[i];
        cJSON *x = cJSON_CreateObject();
        if (x == NULL || !cJSON_AddItemToArray(rules, x)) {
            cJSON_Delete(x);
            break;
        }
        cJSON_AddStringToObject(x, "rule", r->rule);
        cJSON_AddNumberToObject(x, "hits", (double)r->hits);
        cJSON_AddNumberToObject(x, "false_hits", (double)r->false_hits);
        cJSON_AddNumberToObject(x, "precision", (double)r->hits / (double)(r->hits + r->false_hits));
    }
    cJSON_AddItemToObject(o, "misses", items_json(&rep->misses));
    cJSON_AddItemToObject(o, "false_hits", items_json(&rep->false_hits));
    cJSON_AddItemToObject(o, "docs_without_gold", strlist_json(&rep->no_gold));
    cJSON_AddItemToObject(o, "gold_without_docs", strlist_json(&rep->no_doc));
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (s == NULL)
        return zhx_fail(err, ZHX_ERR_NOMEM, NULL, 0, 0, "out of memory printing JSON");
    fputs(s, out);
    fputc('\n', out);
    cJSON_free(s);
    return finish(out, err);
}
