/* cinch — names of enumerations and flags in config.json (names.c).  */
#ifndef CINCH_NAMES_H
#define CINCH_NAMES_H

#include <sched.h>
#include <stddef.h>

#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif
/* Reserved by the kernel ABI, not implemented upstream; the spec lists it. */
#define CINCH_SCHED_ISO 4

/* include/uapi/linux/sched.h (not included: it clashes with <sched.h>).  */
#define CINCH_SCHED_FLAG_RESET_ON_FORK 0x01
#define CINCH_SCHED_FLAG_RECLAIM 0x02
#define CINCH_SCHED_FLAG_DL_OVERRUN 0x04
#define CINCH_SCHED_FLAG_KEEP_POLICY 0x08
#define CINCH_SCHED_FLAG_KEEP_PARAMS 0x10
#define CINCH_SCHED_FLAG_UTIL_CLAMP_MIN 0x20
#define CINCH_SCHED_FLAG_UTIL_CLAMP_MAX 0x40

/* A name and its value.  */
struct cinch_name
{
  const char *name;
  int value;
};

extern const struct cinch_name cinch_names_sched_policies[];
extern const size_t cinch_n_names_sched_policies;
extern const struct cinch_name cinch_names_sched_flags[];
extern const size_t cinch_n_names_sched_flags;
extern const struct cinch_name cinch_names_ioprio_classes[];
extern const size_t cinch_n_names_ioprio_classes;
extern const struct cinch_name cinch_names_seccomp_actions[];
extern const size_t cinch_n_names_seccomp_actions;
extern const struct cinch_name cinch_names_seccomp_ops[];
extern const size_t cinch_n_names_seccomp_ops;
extern const struct cinch_name cinch_names_seccomp_flags[];
extern const size_t cinch_n_names_seccomp_flags;

#endif
