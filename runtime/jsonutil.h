/* cinch — building JSON documents with jansson (spec, features).
 * jansson reports allocation failure as NULL; like cinch_xmalloc these abort:
 * a runtime that cannot allocate a few kilobytes cannot do anything safe.  */
#ifndef CINCH_JSONUTIL_H
#define CINCH_JSONUTIL_H

#include <jansson.h>

/* v, or abort when it is NULL.  */
json_t *cinch_json_must (json_t *v);
/* A new array of the strings of a NULL-terminated list.  */
json_t *cinch_json_str_array (const char *const *v);
/* obj[key] = value, stealing value.  */
void cinch_json_set (json_t *obj, const char *key, json_t *value);
/* arr += value, stealing value.  */
void cinch_json_append (json_t *arr, json_t *value);

#endif
