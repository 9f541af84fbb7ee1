/* scorekey.h: the keys the scorer compares, written to agree character for
 * character with tools/zhx-score (norm, norm_en, title_key, zh_title_key), so
 * that `zhx eval` and the Python scorer count the same facts. */
#ifndef ZHX_SCOREKEY_H
#define ZHX_SCOREKEY_H

/* Each returns a malloc'ed string the caller frees, or NULL when s is NULL (or
 * when memory runs out: callers treat NULL as "no key", as Python's None).
 * s is valid UTF-8 (cJSON has parsed it). */

/* zhx-score norm(): NFKC, lower case, without the dots ·•‧・･∙⋅‐-, white space
 * and the characters . , ' ’ */
char *skey_norm(const char *s);
/* norm_en(): accents stripped (NFKD, combining marks dropped, ł to l), then
 * skey_norm; NULL for NULL or "" */
char *skey_norm_en(const char *s);
/* title_key(): skey_norm of the English title with "former" and then "the"
 * removed everywhere; "" for NULL */
char *skey_title(const char *canonical);
/* zh_title_key(): "zh:" and skey_norm of the Chinese title without the
 * prefixes 原 前 现任 新任 代理 临时 臨時 現任 (each tried once, in that order);
 * "" when nothing is left */
char *skey_zh_title(const char *title);

#endif
