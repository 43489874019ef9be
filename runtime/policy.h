/* cinch — the hardening policy: profiles, the admin's policy file, and the
 * pure decision that turns a parsed plan into the effective plan that runs
 * (or refuses it).
 *
 * Order of work on create and `cinch check`:
 *
 *   cinch_plan_load ()               config.json -> typed plan
 *   cinch_policy_load ()             policy.conf (+ --policy) -> struct cinch_policy
 *   cinch_host_facts_collect ()      the few host facts the rules need (impure:
 *                                    namespace inodes, realpaths, hook owners)
 *   cinch_policy_apply ()            PURE: findings + the plan edited in place
 *                                    into the effective plan
 *   (create only) act on the effective plan.
 *
 * Nothing in cinch_policy_apply touches the system: every rule has cmocka
 * tests with synthetic facts (tests/test_policy.c).  Rules, their IDs and
 * fixes are documented in man/cinch-policy.5.  */
#ifndef CINCH_POLICY_H
#define CINCH_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"

enum cinch_profile
{
  CINCH_PROFILE_COMPAT = 0, /* neither fix nor refuse: warn */
  CINCH_PROFILE_HARDENED,   /* fix what is weak, refuse what is dangerous (default) */
  CINCH_PROFILE_STRICT      /* refuse what is weak as well */
};

/* "compat" / "hardened" / "strict" -> profile; -1 when unknown.  */
int cinch_profile_from_name (const char *name);
const char *cinch_profile_name (enum cinch_profile p);

/* The annotation a config may use to ask for a stricter profile.  */
#define CINCH_POLICY_ANNOTATION "run.cinch.policy"

/* Where the admin's file lives unless --policy-file says otherwise.  */
#define CINCH_POLICY_FILE CINCH_SYSCONFDIR "/cinch/policy.conf"

/* Size of the ID range every pool-allocated user namespace gets.  */
#define CINCH_USERNS_SIZE 65536u

struct cinch_policy
{
  enum cinch_profile profile;
  char *source; /* file the tunables came from, or NULL for built-in defaults */

  /* user namespaces from the pool: slot k maps container IDs 0..65535 to
   * host IDs userns_pool_first + k * 65536 ... (uid and gid alike) */
  uint32_t userns_pool_first; /* default 1000000000 */
  uint32_t userns_pool_slots; /* default 1024 */
  /* a rootfs or bind mount that cannot be idmapped: run without a user
   * namespace (warned) instead of refusing.  default false */
  bool allow_no_userns;

  /* capabilities kept (bounding/permitted/effective intersected with this);
   * default CHOWN DAC_OVERRIDE FOWNER FSETID KILL NET_BIND_SERVICE SETGID
   * SETUID SETPCAP SYS_CHROOT */
  uint64_t default_caps;
  /* host-privilege capabilities (CINCH-CAP-*) allowed anyway when the
   * container has its own user namespace.  default none */
  uint64_t userns_allowed_caps;

  /* size= of the tmpfs cinch adds on /tmp, /var/tmp and /run; default "64m" */
  char *tmpfs_size;

  /* hooks must resolve to a file under one of these (absolute, cleaned);
   * default /usr/libexec/cinch/hooks /usr/libexec/oci/hooks.d /usr/bin
   * /usr/sbin /usr/libexec /usr/lib /usr/local/libexec/cinch */
  char **hook_dirs;
  /* bind-mount sources exempt from CINCH-MOUNT-SENSITIVE (the source and
   * everything under it).  default none */
  char **bind_allow;

  /* a limit in linux.resources that cannot be enforced on this host (its
   * cgroup v2 controller is missing, or --cgroup-manager disabled): warn
   * and run without it instead of refusing (CINCH-CGROUP-LIMIT).
   * "unenforceable-limits = warn"; default false (refuse) */
  bool unenforceable_limits_warn;
  /* pids.max cinch adds when linux.resources.pids.limit is absent
   * (CINCH-PIDS); 0: none.  "default-pids-limit"; default 4096 */
  int64_t default_pids_limit;
};

/* Built-in defaults (profile hardened).  Aborts only on out-of-memory.  */
void cinch_policy_init (struct cinch_policy *pol);
void cinch_policy_clear (struct cinch_policy *pol);

/* Parse a policy file's text over *pol (keys not in the text keep their
 * value).  Errors name the file and line ("/etc/cinch/policy.conf:7:
 * default-capabilities: unknown capability `CAP_FOO`").  */
int cinch_policy_parse (const char *text, size_t len, const char *source, struct cinch_policy *pol,
                        cinch_error_t *err);

/* Defaults, then the file (path NULL: CINCH_POLICY_FILE, and a missing
 * default file is not an error; an explicit path must exist), then
 * profile_name when not NULL (the --policy flag wins over the file).  */
int cinch_policy_load (const char *path, const char *profile_name, struct cinch_policy *pol,
                       cinch_error_t *err);

/* ---- host facts: what the rules need to know about the host ------------ */

struct cinch_ns_fact
{
  bool known; /* stat succeeded */
  dev_t dev;
  ino_t ino;
};

struct cinch_path_fact
{
  char *realpath; /* NULL when it could not be resolved (err says why) */
  int err;
  /* hooks: the first of the file and its ancestors writable by a user
   * other than root (group/other write bit, or owner not root), else NULL */
  char *writable_by;
};

struct cinch_host_facts
{
  struct cinch_ns_fact host_ns[CINCH_NS_COUNT];   /* /proc/1/ns/<x> */
  struct cinch_ns_fact config_ns[CINCH_NS_COUNT]; /* linux.namespaces[].path */
  struct cinch_path_fact *bind_sources;           /* per plan mount (binds only) */
  size_t n_bind_sources;                          /* == plan->n_mounts */
  struct cinch_path_fact *hooks[CINCH_HOOK_KIND_COUNT]; /* per hook */
  char *state_root;                                     /* realpath of --root, or NULL */
  /* What the cgroup layer can enforce, filled by the caller from
   * cinch_cgroup_host_detect and the cgroup manager.  cgroup_known false
   * (no facts): limits are not judged.  */
  bool cgroup_known;
  bool cgroup_none;            /* no cgroup at all: --cgroup-manager disabled, or
                                  the host has no cgroup2 hierarchy */
  unsigned cgroup_controllers; /* CINCH_CG_BIT set the unified hierarchy offers */
};

/* Impure: stat()/realpath() the host paths the plan names.  Never fails
 * for a missing path (the fact records the errno).  */
void cinch_host_facts_collect (const struct cinch_plan *plan, const char *state_root,
                               struct cinch_host_facts *facts);
void cinch_host_facts_clear (struct cinch_host_facts *facts);

/* ---- findings ------------------------------------------------------------ */

enum cinch_finding_action
{
  CINCH_FINDING_HARDENED = 0, /* cinch changed the plan */
  CINCH_FINDING_REFUSED,      /* the container will not run */
  CINCH_FINDING_WARNED        /* noted, nothing changed */
};

const char *cinch_finding_action_name (enum cinch_finding_action a); /* "hardened"... */

struct cinch_finding
{
  const char *rule; /* stable ID, "CINCH-CAP-SYSADMIN" (static) */
  char *path;       /* JSON path in config.json: "process.capabilities.bounding[2]" */
  enum cinch_finding_action action;
  char *message; /* what is wrong or what cinch did, naming the value */
  const char *fix; /* how to fix the config (static), may be NULL */
  bool weak;       /* a hardening rule (weaker than the secure defaults), not a danger */
};

struct cinch_findings
{
  struct cinch_finding *v;
  size_t n;
  enum cinch_profile profile; /* the profile that was applied (after the annotation) */
};

void cinch_findings_clear (struct cinch_findings *f);
/* Number of CINCH_FINDING_REFUSED entries.  */
size_t cinch_findings_refused (const struct cinch_findings *f);

/* One line per finding: "<action>: <path>: <message> [<rule>] (fix: <fix>)".
 * Owned by the caller.  */
char *cinch_finding_format (const struct cinch_finding *f);

/* ---- the decision ---------------------------------------------------------- */

/* PURE.  Apply pol to plan: append every finding to *out (all of them, not
 * just the first refusal), and — for hardened and strict — edit plan into the
 * effective plan (a refused plan may be half-edited: do not run it).  The
 * profile is pol->profile, made stricter (never weaker) by the
 * run.cinch.policy annotation.  Returns 0 when the plan may run, 1 when at
 * least one finding is CINCH_FINDING_REFUSED.  */
int cinch_policy_apply (struct cinch_plan *plan, const struct cinch_policy *pol,
                        const struct cinch_host_facts *facts, struct cinch_findings *out);

#endif
