/* cinch — the hardening policy: profiles, findings and the pure decision
 * (cinch_policy_apply).  See policy.h and man/cinch-policy.5.
 *
 * This file: findings, profile selection, namespaces, capabilities, the
 * process and the rootfs; policy_rules.c: mounts, sysctls, seccomp,
 * masked paths, devices, hooks.  */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "policy_internal.h"
#include "util.h"

static const char *const profile_names[] = {
  [CINCH_PROFILE_COMPAT] = "compat",
  [CINCH_PROFILE_HARDENED] = "hardened",
  [CINCH_PROFILE_STRICT] = "strict",
};

int
cinch_profile_from_name (const char *name)
{
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (profile_names); i++)
    if (strcmp (name, profile_names[i]) == 0)
      return (int) i;
  return -1;
}

const char *
cinch_profile_name (enum cinch_profile p)
{
  return (size_t) p < CINCH_ARRAY_SIZE (profile_names) ? profile_names[p] : "?";
}

const char *
cinch_finding_action_name (enum cinch_finding_action a)
{
  switch (a)
    {
    case CINCH_FINDING_HARDENED:
      return "hardened";
    case CINCH_FINDING_REFUSED:
      return "refused";
    default:
      return "warned";
    }
}

void
cinch_findings_clear (struct cinch_findings *f)
{
  for (size_t i = 0; i < f->n; i++)
    {
      free (f->v[i].path);
      free (f->v[i].message);
    }
  free (f->v);
  f->v = NULL;
  f->n = 0;
}

size_t
cinch_findings_refused (const struct cinch_findings *f)
{
  size_t n = 0;
  for (size_t i = 0; i < f->n; i++)
    n += f->v[i].action == CINCH_FINDING_REFUSED;
  return n;
}

char *
cinch_finding_format (const struct cinch_finding *f)
{
  if (f->fix != NULL)
    return cinch_xasprintf ("%s: %s: %s [%s] (fix: %s)", cinch_finding_action_name (f->action),
                            f->path, f->message, f->rule, f->fix);
  return cinch_xasprintf ("%s: %s: %s [%s]", cinch_finding_action_name (f->action), f->path,
                          f->message, f->rule);
}

/* ======================================================================
 * The decision (cinch_policy_apply).  Everything below is pure: it reads
 * the plan, the policy and the facts collected beforehand, appends
 * findings, and (profile hardened only) edits the plan.  Every edit leaves
 * the plan what the parser would have made of the effective config: raw
 * mount options and their decoded fields agree, namespaces carry the index
 * an emitter prints them at, everything is owned by the plan.  */

void
cinch_policy_add (struct cinch_policy_run *r, const char *rule, enum cinch_finding_action action,
                  char *path, const char *fix, char *message)
{
  struct cinch_findings *o = r->out;

  o->v = cinch_xrealloc (o->v, (o->n + 1) * sizeof (*o->v));
  o->v[o->n++] = (struct cinch_finding){
    .rule = rule, .path = path, .action = action, .message = message, .fix = fix
  };
}

bool
cinch_policy_editing (const struct cinch_policy_run *r)
{
  return r->profile == CINCH_PROFILE_HARDENED;
}

void
cinch_policy_weak (struct cinch_policy_run *r, const char *rule, char *path, const char *fix,
                   char *problem, const char *done)
{
  enum cinch_finding_action act = CINCH_FINDING_HARDENED;

  if (r->profile == CINCH_PROFILE_COMPAT)
    act = CINCH_FINDING_WARNED;
  else if (r->profile == CINCH_PROFILE_STRICT)
    act = CINCH_FINDING_REFUSED;
  if (act == CINCH_FINDING_HARDENED)
    {
      char *m = cinch_xasprintf ("%s; %s", problem, done);
      free (problem);
      problem = m;
    }
  cinch_policy_add (r, rule, act, path, fix, problem);
  r->out->v[r->out->n - 1].weak = true;
}

void
cinch_policy_danger (struct cinch_policy_run *r, const char *rule, char *path, const char *fix,
                     char *message)
{
  cinch_policy_add (
      r, rule, r->profile == CINCH_PROFILE_COMPAT ? CINCH_FINDING_WARNED : CINCH_FINDING_REFUSED,
      path, fix, message);
}

char *
cinch_policy_shown (const char *s)
{
  return cinch_printable (s, true);
}

bool
cinch_policy_path_within (const char *p, const char *dir)
{
  size_t n = strlen (dir);

  while (n > 1 && dir[n - 1] == '/')
    n--;
  if (n == 1 && dir[0] == '/')
    return p[0] == '/';
  return strncmp (p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* ---- profile selection: CINCH-POLICY-ANNOTATION ------------------------- */

/* The config may ask for a stricter profile than the administrator's, never
 * a weaker one.  An unknown name is refused in every profile: the author
 * asked for something cinch cannot give, and guessing weaker is unsafe.  */
static void
rule_annotation (struct cinch_policy_run *r)
{
  static const char fix_unknown[] = "use compat, hardened or strict as the value of "
                                    "annotations[\"" CINCH_POLICY_ANNOTATION "\"]";
  static const char fix_weaker[] = "remove the annotation: only the administrator (policy.conf "
                                   "or --policy) can make the profile weaker";
  static const char rule[] = "CINCH-POLICY-ANNOTATION";
  const struct cinch_plan *plan = r->plan;

  for (size_t i = 0; i < plan->n_annotations; i++)
    {
      const struct cinch_kv *kv = &plan->annotations[i];
      cleanup_free char *value = NULL;
      const char *now;
      char *path;
      int p;

      if (strcmp (kv->key, CINCH_POLICY_ANNOTATION) != 0)
        continue;
      value = cinch_policy_shown (kv->value);
      path = cinch_xstrdup ("annotations[\"" CINCH_POLICY_ANNOTATION "\"]");
      now = cinch_profile_name (r->profile);
      p = cinch_profile_from_name (kv->value);
      if (p < 0)
        cinch_policy_add (r, rule, CINCH_FINDING_REFUSED, path, fix_unknown,
                          cinch_xasprintf ("unknown profile \"%s\" (expected compat, hardened "
                                           "or strict)",
                                           value));
      else if (p > (int) r->profile)
        {
          cinch_policy_add (r, rule, CINCH_FINDING_WARNED, path, NULL,
                            cinch_xasprintf ("the config asks for profile \"%s\", stricter than "
                                             "\"%s\": applied",
                                             value, now));
          r->profile = (enum cinch_profile) p;
        }
      else if (p < (int) r->profile)
        cinch_policy_add (r, rule, CINCH_FINDING_WARNED, path, fix_weaker,
                          cinch_xasprintf ("the config asks for profile \"%s\", weaker than "
                                           "\"%s\": ignored",
                                           value, now));
      else
        free (path);
    }
}

/* ---- namespaces ------------------------------------------------------------ */

static const char *const ns_host_rules[CINCH_NS_COUNT] = {
  [CINCH_NS_PID] = "CINCH-NS-HOST-PID",       [CINCH_NS_NET] = "CINCH-NS-HOST-NET",
  [CINCH_NS_MNT] = "CINCH-NS-HOST-MNT",       [CINCH_NS_IPC] = "CINCH-NS-HOST-IPC",
  [CINCH_NS_UTS] = "CINCH-NS-HOST-UTS",       [CINCH_NS_USER] = "CINCH-NS-HOST-USER",
  [CINCH_NS_CGROUP] = "CINCH-NS-HOST-CGROUP",
};

/* linux.namespaces[] of type t joins the host's namespace: same device and
 * inode as /proc/1/ns/<t>.  A path string proves nothing: /proc/1/ns/net,
 * /proc/self/ns/net and a bind of either all name the same namespace.  */
static bool
ns_joins_host (const struct cinch_policy_run *r, enum cinch_ns_type t)
{
  const struct cinch_namespace *ns = &r->plan->linux_.ns[t];
  const struct cinch_ns_fact *c = &r->facts->config_ns[t], *h = &r->facts->host_ns[t];

  return ns->present && ns->path != NULL && c->known && h->known && c->dev == h->dev
         && c->ino == h->ino;
}

/* A new namespace of type t, after those the config lists.  */
static void
ns_add (struct cinch_linux *lx, enum cinch_ns_type t)
{
  size_t n = 0;

  for (int i = 0; i < CINCH_NS_COUNT; i++)
    n += lx->ns[i].present;
  free (lx->ns[t].path);
  lx->ns[t].path = NULL;
  lx->ns[t].index = n;
  lx->ns[t].present = true;
}

static void
rule_ns_host (struct cinch_policy_run *r)
{
  static const char fix[] = "give the container a namespace of its own: list the type in "
                            "linux.namespaces without a path (or with another container's "
                            "namespace)";
  /* Without an entry the container stays in the host's namespace.  mount,
   * user and cgroup are not here: validate.c requires a mount namespace,
   * CINCH-USERNS and CINCH-NS-CGROUP deal with the other two.  */
  static const enum cinch_ns_type required[] = { CINCH_NS_PID, CINCH_NS_IPC, CINCH_NS_UTS,
                                                 CINCH_NS_NET };
  const struct cinch_linux *lx = &r->plan->linux_;

  for (int t = 0; t < CINCH_NS_COUNT; t++)
    {
      cleanup_free char *path = NULL;
      if (ns_host_rules[t] == NULL || !ns_joins_host (r, (enum cinch_ns_type) t))
        continue;
      path = cinch_policy_shown (lx->ns[t].path);
      cinch_policy_danger (r, ns_host_rules[t],
                           cinch_xasprintf ("linux.namespaces[%zu].path", lx->ns[t].index), fix,
                           cinch_xasprintf ("the %s namespace \"%s\" is the host's",
                                            cinch_ns_name ((enum cinch_ns_type) t), path));
    }
  for (size_t i = 0; i < CINCH_ARRAY_SIZE (required); i++)
    if (!lx->ns[required[i]].present)
      cinch_policy_danger (r, ns_host_rules[required[i]], cinch_xstrdup ("linux.namespaces"), fix,
                           cinch_xasprintf ("no %s namespace: the container would share the "
                                            "host's",
                                            cinch_ns_name (required[i])));
}

/* CINCH-USERNS: the decision every capability rule depends on.  */
static void
rule_userns (struct cinch_policy_run *r)
{
  static const char fix[] = "add {\"type\": \"user\"} to linux.namespaces with linux.uidMappings "
                            "and linux.gidMappings (profile hardened adds one from the pool)";
  static const char *const idmap[] = { "idmap" };
  struct cinch_plan *plan = r->plan;
  struct cinch_linux *lx = &plan->linux_;

  if (lx->ns[CINCH_NS_USER].present)
    {
      r->own_userns = lx->ns[CINCH_NS_USER].path == NULL;
      return;
    }
  cinch_policy_weak (r, "CINCH-USERNS", cinch_xstrdup ("linux.namespaces"), fix,
                     cinch_xstrdup ("no user namespace: root in the container is root on the "
                                    "host"),
                     "added one mapping IDs 0-65535 to a range of the user namespace pool "
                     "(allocated at create), the rootfs and bind mounts idmapped");
  if (!cinch_policy_editing (r))
    return;

  ns_add (lx, CINCH_NS_USER);
  free (lx->uid_mappings);
  free (lx->gid_mappings);
  lx->uid_mappings = cinch_xcalloc (1, sizeof (*lx->uid_mappings));
  lx->gid_mappings = cinch_xcalloc (1, sizeof (*lx->gid_mappings));
  /* hostID is a placeholder: create allocates the real range from the
   * pool (plan->userns_from_pool).  */
  lx->uid_mappings[0] = (struct cinch_id_mapping){ .container_id = 0,
                                                   .host_id = r->pol->userns_pool_first,
                                                   .size = CINCH_USERNS_SIZE };
  lx->gid_mappings[0] = lx->uid_mappings[0];
  lx->n_uid_mappings = lx->n_gid_mappings = 1;
  plan->userns_from_pool = true;
  plan->root_idmap = true;
  /* Host files seen from the new namespace would all belong to nobody:
   * idmapped binds show them with the container's IDs.  */
  for (size_t i = 0; i < plan->n_mounts; i++)
    if (plan->mounts[i].bind && !plan->mounts[i].idmap && !plan->mounts[i].ridmap)
      cinch_policy_mount_harden (r, i, "CINCH-USERNS", idmap, 1);
  r->own_userns = true;
}

static void
rule_ns_cgroup (struct cinch_policy_run *r)
{
  if (r->plan->linux_.ns[CINCH_NS_CGROUP].present)
    return;
  cinch_policy_weak (r, "CINCH-NS-CGROUP", cinch_xstrdup ("linux.namespaces"),
                     "add {\"type\": \"cgroup\"} to linux.namespaces",
                     cinch_xstrdup ("no cgroup namespace: the container sees the host's cgroup "
                                    "tree"),
                     "added a new cgroup namespace");
  if (cinch_policy_editing (r))
    ns_add (&r->plan->linux_, CINCH_NS_CGROUP);
}

/* ---- capabilities ------------------------------------------------------------ */

#define HOST_CAP(name, id)                                                                         \
  {                                                                                                \
    "CAP_" name, "CINCH-CAP-" id,                                                                  \
        "remove CAP_" name " from every process.capabilities set, or give the container its "      \
        "own user namespace and list CAP_" name " in userns-allowed-capabilities (policy.conf)"    \
  }

/* Capabilities that are host privilege whatever the rest of the config says
 * (modules, raw I/O, the clock, MAC policy, BPF, tracing, reading any file,
 * the host's network...): one rule each, so that logs and
 * man/cinch-policy.5 tell them apart.  */
static const struct
{
  const char *name, *rule, *fix;
} host_caps[] = {
  HOST_CAP ("SYS_ADMIN", "SYSADMIN"),
  HOST_CAP ("SYS_MODULE", "SYSMODULE"),
  HOST_CAP ("SYS_RAWIO", "SYSRAWIO"),
  HOST_CAP ("SYS_PTRACE", "SYSPTRACE"),
  HOST_CAP ("SYS_BOOT", "SYSBOOT"),
  HOST_CAP ("SYS_TIME", "SYSTIME"),
  HOST_CAP ("MAC_ADMIN", "MACADMIN"),
  HOST_CAP ("MAC_OVERRIDE", "MACOVERRIDE"),
  HOST_CAP ("BPF", "BPF"),
  HOST_CAP ("PERFMON", "PERFMON"),
  HOST_CAP ("DAC_READ_SEARCH", "DACREADSEARCH"),
  HOST_CAP ("NET_ADMIN", "NETADMIN"),
  HOST_CAP ("SYSLOG", "SYSLOG"),
  HOST_CAP ("AUDIT_CONTROL", "AUDITCONTROL"),
  HOST_CAP ("CHECKPOINT_RESTORE", "CHECKPOINTRESTORE"),
};

/* JSON keys of process.capabilities, in enum cinch_cap_set order.  */
static const char *const cap_set_names[CINCH_CAP_SET_COUNT] = {
  [CINCH_CAP_BOUNDING] = "bounding",       [CINCH_CAP_EFFECTIVE] = "effective",
  [CINCH_CAP_INHERITABLE] = "inheritable", [CINCH_CAP_PERMITTED] = "permitted",
  [CINCH_CAP_AMBIENT] = "ambient",
};

static uint64_t
cap_bit (int cap)
{
  return cap >= 0 && cap < 64 ? UINT64_C (1) << cap : 0;
}

static uint64_t
host_caps_mask (void)
{
  uint64_t m = 0;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (host_caps); i++)
    m |= cap_bit (cinch_cap_from_name (host_caps[i].name));
  return m;
}

/* "bounding, effective, permitted": the sets among `sets` (bit k = set k)
 * holding bit; *first is the first of them, -1 when none.  */
static char *
sets_holding (const struct cinch_process *p, uint64_t bit, unsigned sets, int *first)
{
  char *s = cinch_xstrdup ("");

  *first = -1;
  for (int k = 0; k < CINCH_CAP_SET_COUNT; k++)
    if ((sets & (1u << k)) && (p->caps[k] & bit))
      {
        char *n = cinch_xasprintf ("%s%s%s", s, *s ? ", " : "", cap_set_names[k]);
        free (s);
        s = n;
        if (*first < 0)
          *first = k;
      }
  return s;
}

static char *
cap_label (int cap)
{
  const char *name = cinch_cap_name (cap);
  return name ? cinch_xstrdup (name) : cinch_xasprintf ("capability %d", cap);
}

/* CINCH-CAP-<NAME>.  Allowed only in a user namespace of the container's
 * own (capabilities then act on what that namespace owns) and when the
 * administrator lists the capability in userns-allowed-capabilities.  */
static void
rule_caps_host (struct cinch_policy_run *r)
{
  const struct cinch_process *p = &r->plan->process;
  const unsigned all = (1u << CINCH_CAP_SET_COUNT) - 1;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (host_caps); i++)
    {
      uint64_t bit = cap_bit (cinch_cap_from_name (host_caps[i].name));
      cleanup_free char *sets = NULL;
      int first;

      if (bit == 0)
        continue;
      sets = sets_holding (p, bit, all, &first);
      if (first < 0 || (r->own_userns && (r->pol->userns_allowed_caps & bit)))
        continue;
      cinch_policy_danger (
          r, host_caps[i].rule, cinch_xasprintf ("process.capabilities.%s", cap_set_names[first]),
          host_caps[i].fix,
          cinch_xasprintf ("%s (in %s) is host privilege%s", host_caps[i].name, sets,
                           r->own_userns ? " and userns-allowed-capabilities does not list it"
                                         : " without a user namespace of the container's own"));
    }
}

static void
rule_caps_default (struct cinch_policy_run *r)
{
  static const char fix[] = "drop the capability from process.capabilities, or add it to "
                            "default-capabilities in policy.conf";
  struct cinch_process *p = &r->plan->process;
  const unsigned bep =
      (1u << CINCH_CAP_BOUNDING) | (1u << CINCH_CAP_EFFECTIVE) | (1u << CINCH_CAP_PERMITTED);
  uint64_t extra =
      (p->caps[CINCH_CAP_BOUNDING] | p->caps[CINCH_CAP_EFFECTIVE] | p->caps[CINCH_CAP_PERMITTED])
      & ~r->pol->default_caps & ~host_caps_mask ();

  for (int cap = 0; cap < 64; cap++)
    {
      uint64_t bit = cap_bit (cap);
      cleanup_free char *sets = NULL, *name = NULL;
      int first;

      if (!(extra & bit))
        continue;
      sets = sets_holding (p, bit, bep, &first);
      name = cap_label (cap);
      cinch_policy_weak (r, "CINCH-CAP-DEFAULT",
                         cinch_xasprintf ("process.capabilities.%s", cap_set_names[first]), fix,
                         cinch_xasprintf ("%s (in %s) is not a default capability", name, sets),
                         "removed from bounding, effective and permitted");
      if (cinch_policy_editing (r))
        {
          p->caps[CINCH_CAP_BOUNDING] &= ~bit;
          p->caps[CINCH_CAP_EFFECTIVE] &= ~bit;
          p->caps[CINCH_CAP_PERMITTED] &= ~bit;
        }
    }
}

static char *
caps_list (uint64_t mask)
{
  char *s = cinch_xstrdup ("");

  for (int cap = 0; cap < 64; cap++)
    if (mask & cap_bit (cap))
      {
        cleanup_free char *name = cap_label (cap);
        char *n = cinch_xasprintf ("%s%s%s", s, *s ? " " : "", name);
        free (s);
        s = n;
      }
  return s;
}

/* Inheritable and ambient capabilities outlive execve of whatever program
 * the container runs next: nothing an OCI container needs.  */
static void
rule_caps_inheritable (struct cinch_policy_run *r)
{
  static const enum cinch_cap_set sets[] = { CINCH_CAP_INHERITABLE, CINCH_CAP_AMBIENT };
  struct cinch_process *p = &r->plan->process;

  for (size_t i = 0; i < CINCH_ARRAY_SIZE (sets); i++)
    {
      cleanup_free char *names = NULL;
      if (p->caps[sets[i]] == 0)
        continue;
      names = caps_list (p->caps[sets[i]]);
      cinch_policy_weak (r, "CINCH-CAP-INHERITABLE",
                         cinch_xasprintf ("process.capabilities.%s", cap_set_names[sets[i]]),
                         "leave process.capabilities.inheritable and .ambient empty",
                         cinch_xasprintf ("%s capabilities set: %s", cap_set_names[sets[i]], names),
                         "emptied");
      if (cinch_policy_editing (r))
        p->caps[sets[i]] = 0;
    }
}

/* ---- the process and the rootfs ------------------------------------------- */

static void
rule_process (struct cinch_policy_run *r)
{
  struct cinch_process *p = &r->plan->process;

  if (!p->no_new_privileges)
    {
      cinch_policy_weak (r, "CINCH-NNP", cinch_xstrdup ("process.noNewPrivileges"),
                         "set process.noNewPrivileges to true",
                         cinch_xstrdup ("noNewPrivileges is not set: setuid binaries and file "
                                        "capabilities in the image can raise privileges"),
                         "set to true");
      if (cinch_policy_editing (r))
        p->no_new_privileges = true;
    }
  if (p->apparmor_profile != NULL && strcmp (p->apparmor_profile, "unconfined") == 0)
    cinch_policy_danger (r, "CINCH-APPARMOR-UNCONFINED", cinch_xstrdup ("process.apparmorProfile"),
                         "name an AppArmor profile (the engine's default one), or leave "
                         "process.apparmorProfile unset",
                         cinch_xstrdup ("AppArmor profile \"unconfined\" disables AppArmor for "
                                        "the container"));
  if (p->has_oom_score_adj && p->oom_score_adj < 0)
    cinch_policy_danger (r, "CINCH-OOM-NEGATIVE", cinch_xstrdup ("process.oomScoreAdj"),
                         "use an oomScoreAdj of 0 or more",
                         cinch_xasprintf ("oomScoreAdj %d is negative: under memory pressure the "
                                          "kernel would kill host processes before the "
                                          "container",
                                          p->oom_score_adj));
  if (r->profile == CINCH_PROFILE_STRICT && p->uid == 0
      && !r->plan->linux_.ns[CINCH_NS_USER].present)
    cinch_policy_add (r, "CINCH-ROOT-USER", CINCH_FINDING_REFUSED,
                      cinch_xstrdup ("process.user.uid"),
                      "run as a non-zero process.user.uid, or add a user namespace",
                      cinch_xstrdup ("uid 0 without a user namespace is root on the host"));
}

static void
rule_rootfs (struct cinch_policy_run *r)
{
  struct cinch_plan *plan = r->plan;
  const uint64_t nosuid_nodev = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

  if ((plan->root_attr_set & nosuid_nodev) != nosuid_nodev)
    {
      cinch_policy_weak (r, "CINCH-MOUNT-NOSUID", cinch_xstrdup ("root"),
                         "set annotations[\"run.cinch.rootfs.options\"] to \"nosuid,nodev\" "
                         "(profile hardened does)",
                         cinch_xstrdup ("the rootfs is mounted without nosuid and nodev"),
                         "mounted nosuid,nodev");
      if (cinch_policy_editing (r))
        plan->root_attr_set |= nosuid_nodev;
    }
  if (!plan->root_readonly)
    {
      cinch_policy_weak (r, "CINCH-ROOTFS-READONLY", cinch_xstrdup ("root.readonly"),
                         "set root.readonly to true, with a volume or tmpfs where the container "
                         "writes",
                         cinch_xstrdup ("the rootfs is writable"), "made read-only");
      if (cinch_policy_editing (r))
        plan->root_readonly = true;
    }
}

/* Strict only: a container without a pids limit can fork-bomb the host.  */
static void
rule_limits (struct cinch_policy_run *r)
{
  const struct cinch_linux *lx = &r->plan->linux_;

  if (r->profile != CINCH_PROFILE_STRICT || (lx->res.has_pids_limit && lx->res.pids_limit > 0))
    return;
  cinch_policy_add (
      r, "CINCH-LIMITS", CINCH_FINDING_REFUSED, cinch_xstrdup ("linux.resources.pids.limit"),
      "set linux.resources.pids.limit to a positive number",
      lx->res.has_pids_limit ? cinch_xasprintf ("pids limit %lld is unlimited: a fork bomb in the "
                                                "container reaches the host",
                                                (long long) lx->res.pids_limit)
                             : cinch_xstrdup ("no pids limit: a fork bomb in the container reaches "
                                              "the host"));
}

/* facts must have been collected from this plan: bind_sources[i] and
 * hooks[k][i] follow its mounts and hooks.  Without facts (NULL) nothing
 * is known of the host: no namespace path is proven the host's, bind
 * sources are judged as written, and hooks cannot be resolved (refused).  */
int
cinch_policy_apply (struct cinch_plan *plan, const struct cinch_policy *pol,
                    const struct cinch_host_facts *facts, struct cinch_findings *out)
{
  static const struct cinch_host_facts no_facts;
  struct cinch_policy_run r = {
    .plan = plan, .pol = pol, .facts = facts, .out = out, .profile = pol->profile
  };
  size_t first = out->n;

  if (facts == NULL)
    r.facts = &no_facts;
  rule_annotation (&r);
  out->profile = r.profile;

  rule_ns_host (&r);
  rule_userns (&r); /* before the capability rules */
  rule_ns_cgroup (&r);
  if (plan->has_process)
    {
      rule_caps_host (&r);
      rule_caps_default (&r);
      rule_caps_inheritable (&r);
      rule_process (&r);
    }
  rule_rootfs (&r);
  cinch_policy_rules_mounts (&r);
  cinch_policy_rules_sysctl (&r);
  cinch_policy_rules_seccomp (&r);
  cinch_policy_rules_proc_mask (&r);
  cinch_policy_rules_devices (&r);
  cinch_policy_rules_hooks (&r);
  cinch_policy_rules_pids_default (&r);
  cinch_policy_rules_cgroup_limits (&r);
  rule_limits (&r);
  cinch_policy_rules_tmpfs (&r); /* last: it inserts mounts */

  for (size_t i = first; i < out->n; i++)
    if (out->v[i].action == CINCH_FINDING_REFUSED)
      return 1;
  return 0;
}
