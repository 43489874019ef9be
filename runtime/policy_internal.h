/* cinch — what policy.c and policy_rules.c share: the state of one
 * cinch_policy_apply run and the helpers that record findings.  Internal
 * to the policy; everything here is pure.  */
#ifndef CINCH_POLICY_INTERNAL_H
#define CINCH_POLICY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

struct cinch_policy_run
{
  struct cinch_plan *plan;
  const struct cinch_policy *pol;
  const struct cinch_host_facts *facts;
  struct cinch_findings *out;
  enum cinch_profile profile; /* after the annotation */
  /* the container gets a new user namespace of its own: the config's, or
   * the one CINCH-USERNS adds.  Decided before the capability rules.  */
  bool own_userns;
};

/* Append a finding; takes path and message (heap strings), rule and fix
 * are static.  */
void cinch_policy_add (struct cinch_policy_run *r, const char *rule,
                       enum cinch_finding_action action, char *path, const char *fix,
                       char *message);

/* Only hardened edits the plan: compat never does, and strict refuses
 * instead (the config must already say what hardened would add).  */
bool cinch_policy_editing (const struct cinch_policy_run *r);

/* Something weak: warned (compat), fixed (hardened; the message then ends
 * with what cinch did, `done`) or refused (strict).  Takes path and
 * problem.  */
void cinch_policy_weak (struct cinch_policy_run *r, const char *rule, char *path, const char *fix,
                        char *problem, const char *done);

/* Something dangerous: refused, except in compat (warned).  Takes path and
 * message.  */
void cinch_policy_danger (struct cinch_policy_run *r, const char *rule, char *path, const char *fix,
                          char *message);

/* A config value made safe to print between double quotes (control bytes,
 * quotes and backslashes escaped, long values cut).  Owned by the caller. */
char *cinch_policy_shown (const char *s);

/* p is dir or inside it (both absolute and clean; "/" contains all).  */
bool cinch_policy_path_within (const char *p, const char *dir);

/* Append option words to mounts[i] and decode them again (raw options and
 * decoded fields stay one).  Should that fail, a refusal under `rule`.  */
void cinch_policy_mount_harden (struct cinch_policy_run *r, size_t i, const char *rule,
                                const char *const *words, size_t n_words);

/* The rule groups of policy_rules.c, in the order cinch_policy_apply runs
 * them.  cinch_policy_rules_tmpfs inserts mounts: it runs last, after
 * every rule that names mounts[i] or reads facts->bind_sources[i].  */
void cinch_policy_rules_mounts (struct cinch_policy_run *r);
void cinch_policy_rules_sysctl (struct cinch_policy_run *r);
void cinch_policy_rules_seccomp (struct cinch_policy_run *r);
void cinch_policy_rules_proc_mask (struct cinch_policy_run *r);
void cinch_policy_rules_devices (struct cinch_policy_run *r);
void cinch_policy_rules_hooks (struct cinch_policy_run *r);
void cinch_policy_rules_tmpfs (struct cinch_policy_run *r);
/* policy_cgroup.c: the default pids limit (before the limit rules), and
 * limits this host cannot enforce.  */
void cinch_policy_rules_pids_default (struct cinch_policy_run *r);
void cinch_policy_rules_cgroup_limits (struct cinch_policy_run *r);

#endif
