/* cinch — a plan back to config.json text (pure).
 *
 * `cinch check --print-effective` shows the plan the policy produced as a
 * config.json: every field of struct cinch_plan, with the cinch extensions
 * as their run.cinch.* annotations (see plan.h).  Parsing that text with
 * cinch_plan_parse gives an equal plan, and emitting that plan again gives
 * the same text (tests/test_emit.c), so the effective config can be saved
 * and run as it is.
 *
 * jansson holds integers as int64; rlimits, seccomp argument values and
 * deadline parameters are uint64 (RLIM_INFINITY is 2^64-1).  Those above
 * INT64_MAX travel through the jansson document as string tokens that
 * cinch_emit_dumps turns back into plain numbers, the reverse of what the
 * parser's pre-scan does.  */
#ifndef CINCH_EMIT_H
#define CINCH_EMIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/* Values of the big-integer tokens of a document.  */
struct cinch_emit_big
{
  uint64_t *v;
  size_t n;
};

void cinch_emit_big_clear (struct cinch_emit_big *big);

/* The plan as a new jansson object (owned by the caller), for embedding in
 * a larger document; its big integers are recorded in *big, which must be
 * passed to cinch_emit_dumps of whatever document ends up holding it.
 * Aborts only on out-of-memory.  */
json_t *cinch_plan_emit_json (const struct cinch_plan *plan, struct cinch_emit_big *big);

/* doc as pretty text (2-space indent, trailing newline) with the tokens of
 * big written as plain numbers.  Owned by the caller.  */
char *cinch_emit_dumps (const json_t *doc, const struct cinch_emit_big *big);

/* The effective config.json text of plan (pretty, trailing newline), owned
 * by the caller.  */
char *cinch_plan_emit (const struct cinch_plan *plan);

#endif
