/* cinch — the names config.json uses for enumerations and flags, shared by
 * the parser (names -> values) and the emitter (values -> names), so that
 * the two can never disagree.  */
#include "names.h"

#include "plan.h"
#include "util.h"

const struct cinch_name cinch_names_sched_policies[] = {
  { "SCHED_OTHER", SCHED_OTHER },
  { "SCHED_FIFO", SCHED_FIFO },
  { "SCHED_RR", SCHED_RR },
  { "SCHED_BATCH", SCHED_BATCH },
  { "SCHED_ISO", CINCH_SCHED_ISO },
  { "SCHED_IDLE", SCHED_IDLE },
  { "SCHED_DEADLINE", SCHED_DEADLINE },
};
const size_t cinch_n_names_sched_policies = CINCH_ARRAY_SIZE (cinch_names_sched_policies);

const struct cinch_name cinch_names_sched_flags[] = {
  { "SCHED_FLAG_RESET_ON_FORK", CINCH_SCHED_FLAG_RESET_ON_FORK },
  { "SCHED_FLAG_RECLAIM", CINCH_SCHED_FLAG_RECLAIM },
  { "SCHED_FLAG_DL_OVERRUN", CINCH_SCHED_FLAG_DL_OVERRUN },
  { "SCHED_FLAG_KEEP_POLICY", CINCH_SCHED_FLAG_KEEP_POLICY },
  { "SCHED_FLAG_KEEP_PARAMS", CINCH_SCHED_FLAG_KEEP_PARAMS },
  { "SCHED_FLAG_UTIL_CLAMP_MIN", CINCH_SCHED_FLAG_UTIL_CLAMP_MIN },
  { "SCHED_FLAG_UTIL_CLAMP_MAX", CINCH_SCHED_FLAG_UTIL_CLAMP_MAX },
};
const size_t cinch_n_names_sched_flags = CINCH_ARRAY_SIZE (cinch_names_sched_flags);

const struct cinch_name cinch_names_ioprio_classes[] = {
  { "IOPRIO_CLASS_RT", 1 },
  { "IOPRIO_CLASS_BE", 2 },
  { "IOPRIO_CLASS_IDLE", 3 },
};
const size_t cinch_n_names_ioprio_classes = CINCH_ARRAY_SIZE (cinch_names_ioprio_classes);

const struct cinch_name cinch_names_seccomp_actions[] = {
  { "SCMP_ACT_KILL", CINCH_SECCOMP_KILL },
  { "SCMP_ACT_KILL_PROCESS", CINCH_SECCOMP_KILL_PROCESS },
  { "SCMP_ACT_KILL_THREAD", CINCH_SECCOMP_KILL_THREAD },
  { "SCMP_ACT_TRAP", CINCH_SECCOMP_TRAP },
  { "SCMP_ACT_ERRNO", CINCH_SECCOMP_ERRNO },
  { "SCMP_ACT_TRACE", CINCH_SECCOMP_TRACE },
  { "SCMP_ACT_ALLOW", CINCH_SECCOMP_ALLOW },
  { "SCMP_ACT_LOG", CINCH_SECCOMP_LOG },
  { "SCMP_ACT_NOTIFY", CINCH_SECCOMP_NOTIFY },
};
const size_t cinch_n_names_seccomp_actions = CINCH_ARRAY_SIZE (cinch_names_seccomp_actions);

const struct cinch_name cinch_names_seccomp_ops[] = {
  { "SCMP_CMP_NE", CINCH_SECCOMP_OP_NE },
  { "SCMP_CMP_LT", CINCH_SECCOMP_OP_LT },
  { "SCMP_CMP_LE", CINCH_SECCOMP_OP_LE },
  { "SCMP_CMP_EQ", CINCH_SECCOMP_OP_EQ },
  { "SCMP_CMP_GE", CINCH_SECCOMP_OP_GE },
  { "SCMP_CMP_GT", CINCH_SECCOMP_OP_GT },
  { "SCMP_CMP_MASKED_EQ", CINCH_SECCOMP_OP_MASKED_EQ },
};
const size_t cinch_n_names_seccomp_ops = CINCH_ARRAY_SIZE (cinch_names_seccomp_ops);

/* TSYNC is what every runtime does anyway (the filter is loaded before any
 * thread exists), so it is accepted and has no bit.  */
const struct cinch_name cinch_names_seccomp_flags[] = {
  { "SECCOMP_FILTER_FLAG_TSYNC", 0 },
  { "SECCOMP_FILTER_FLAG_LOG", CINCH_SECCOMP_FLAG_LOG },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", CINCH_SECCOMP_FLAG_SPEC_ALLOW },
  { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", CINCH_SECCOMP_FLAG_WAIT_KILLABLE_RECV },
};
const size_t cinch_n_names_seccomp_flags = CINCH_ARRAY_SIZE (cinch_names_seccomp_flags);
