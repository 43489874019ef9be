/* cinch — the features document of `cinch features` (runtime-spec
 * features.md and features-linux.md, v1.2.0).
 *
 * Engines read it to decide what they may put in config.json (containerd
 * and CRI-O look at ociVersionMin/Max, mountOptions and
 * mountExtensions.idmap), so every entry must be something cinch really
 * recognises: capability and namespace names come from the parser's own
 * tables, everything else mirrors the parser and the mount-option decoder.
 * The spec asks for a document fixed at build time, not a probe of the host:
 * nothing here looks at the kernel.  Pure.  */
#include "spec.h"

#include <jansson.h>
#include <stdlib.h>

#include "config.h"
#include "plan.h"
#include "jsonutil.h"
#include "util.h"

/* features.md: "The runtime MUST support the elements in this array".
 * hooks/hooks.c runs all six.  */
static const char *const hooks[] = { "prestart",       "createRuntime", "createContainer",
                                     "startContainer", "poststart",     "poststop",
                                     NULL };

/* Every option mount_options.c decodes into flags, attributes or
 * propagation, and "defaults" (accepted, no effect).  Filesystem data such
 * as mode= or size= is not listed (features.md), nor "remount", which the
 * decoder refuses.  */
/* clang-format off */
static const char *const mount_options[] = {
  "ro",             "rw",             "nosuid",         "suid",           "nodev",
  "dev",            "noexec",         "exec",           "sync",           "async",
  "dirsync",        "mand",           "nomand",         "atime",          "noatime",
  "diratime",       "nodiratime",     "relatime",       "norelatime",     "strictatime",
  "nostrictatime",  "lazytime",       "nolazytime",     "nosymfollow",    "symfollow",
  "silent",         "loud",           "iversion",       "noiversion",     "bind",
  "rbind",          "private",        "rprivate",       "shared",         "rshared",
  "slave",          "rslave",         "unbindable",     "runbindable",    "rro",
  "rrw",            "rnosuid",        "rsuid",          "rnodev",         "rdev",
  "rnoexec",        "rexec",          "rnodiratime",    "rdiratime",      "rrelatime",
  "rnorelatime",    "rnoatime",       "ratime",         "rstrictatime",   "rnostrictatime",
  "rnosymfollow",   "rsymfollow",     "idmap",          "ridmap",         "tmpcopyup",
  "defaults",
  NULL
};
/* clang-format on */

static const char *const seccomp_actions[] = { "SCMP_ACT_KILL",        "SCMP_ACT_KILL_PROCESS",
                                               "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
                                               "SCMP_ACT_ERRNO",       "SCMP_ACT_TRACE",
                                               "SCMP_ACT_ALLOW",       "SCMP_ACT_LOG",
                                               "SCMP_ACT_NOTIFY",      NULL };

static const char *const seccomp_operators[] = { "SCMP_CMP_NE",        "SCMP_CMP_LT", "SCMP_CMP_LE",
                                                 "SCMP_CMP_EQ",        "SCMP_CMP_GE", "SCMP_CMP_GT",
                                                 "SCMP_CMP_MASKED_EQ", NULL };

/* The architectures libseccomp >= 2.5 (configure's minimum) knows, under
 * the names config-linux.md uses.  */
static const char *const seccomp_archs[] = {
  "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
  "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
  "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
  "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     NULL
};

/* TSYNC is accepted and is a no-op: the container process is single
 * threaded when it loads its filter.  */
static const char *const seccomp_flags[] = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                             "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                                             "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL };

static json_t *
namespace_names (void)
{
  json_t *a = cinch_json_must (json_array ());

  for (int t = 0; t < CINCH_NS_COUNT; t++)
    if (json_array_append_new (a, cinch_json_must (json_string (cinch_ns_name ((enum cinch_ns_type) t)))) < 0)
      cinch_json_must (NULL);
  return a;
}

static json_t *
capability_names (void)
{
  json_t *a = cinch_json_must (json_array ());

  /* Capability numbers are dense from 0 (CAP_CHOWN) to the last one the
   * parser knows; 64 is the width of the plan's capability sets.  */
  for (int cap = 0; cap < 64; cap++)
    {
      const char *name = cinch_cap_name (cap);
      if (name == NULL)
        break;
      if (json_array_append_new (a, cinch_json_must (json_string (name))) < 0)
        cinch_json_must (NULL);
    }
  return a;
}

static json_t *
seccomp_features (void)
{
  json_t *s = cinch_json_must (json_object ());

  cinch_json_set (s, "enabled", json_true ());
  cinch_json_set (s, "actions", cinch_json_str_array (seccomp_actions));
  cinch_json_set (s, "operators", cinch_json_str_array (seccomp_operators));
  cinch_json_set (s, "archs", cinch_json_str_array (seccomp_archs));
  cinch_json_set (s, "knownFlags", cinch_json_str_array (seccomp_flags));
  cinch_json_set (s, "supportedFlags", cinch_json_str_array (seccomp_flags));
  return s;
}

static json_t *
linux_features (void)
{
  json_t *l = cinch_json_must (json_object ());

  cinch_json_set (l, "namespaces", namespace_names ());
  cinch_json_set (l, "capabilities", capability_names ());
  /* cgroup v2 only (on a hybrid host: its unified hierarchy).  The systemd
   * manager maps slice:prefix:name to a path but never talks to systemd
   * (no scope unit is registered), so it is not claimed.  */
  cinch_json_set (l, "cgroup",
       json_pack ("{s:b, s:b, s:b, s:b, s:b}", "v1", 0, "v2", 1, "systemd", 0, "systemdUser", 0,
                  "rdma", 1));
  cinch_json_set (l, "seccomp", seccomp_features ());
  /* No LSM support yet: say so rather than accept a profile and ignore it. */
  cinch_json_set (l, "apparmor", json_pack ("{s:b}", "enabled", 0));
  cinch_json_set (l, "selinux", json_pack ("{s:b}", "enabled", 0));
  cinch_json_set (l, "intelRdt", json_pack ("{s:b}", "enabled", 0));
  cinch_json_set (l, "mountExtensions", json_pack ("{s:{s:b}}", "idmap", "enabled", 1));
  return l;
}

static json_t *
annotations (void)
{
  json_t *a = cinch_json_must (json_object ());

  cinch_json_set (a, "io.github.cinch.version", json_string (PACKAGE_VERSION));
  return a;
}

char *
cinch_features_json (void)
{
  json_t *doc = cinch_json_must (json_object ());
  char *text, *out;

  cinch_json_set (doc, "ociVersionMin", json_string (CINCH_OCI_VERSION_MIN));
  cinch_json_set (doc, "ociVersionMax", json_string (CINCH_OCI_VERSION));
  cinch_json_set (doc, "hooks", cinch_json_str_array (hooks));
  cinch_json_set (doc, "mountOptions", cinch_json_str_array (mount_options));
  cinch_json_set (doc, "linux", linux_features ());
  cinch_json_set (doc, "annotations", annotations ());

  text = json_dumps (doc, JSON_INDENT (2));
  json_decref (doc);
  if (text == NULL)
    cinch_json_must (NULL);
  out = cinch_xasprintf ("%s\n", text);
  free (text);
  return out;
}
